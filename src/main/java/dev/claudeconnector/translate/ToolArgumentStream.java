package dev.claudeconnector.translate;

import java.util.Arrays;

/**
 * Passes a tool call's streamed {@code arguments} through as {@code input_json_delta} fragments
 * while guaranteeing that everything emitted, plus {@link #finish()}, is one JSON object.
 *
 * <p>Why: Anthropic clients parse the concatenated fragments when the block stops (the Java SDK
 * throws on invalid JSON), and a fragment cannot be taken back once sent. So each fragment is
 * scanned before it is released: raw control characters in strings are escaped, a scalar
 * ({@code 12}, {@code true}, a Python-style {@code True}) is held until it ends and made valid,
 * and the object's final {@code }} is held so that trailing junk can still be attached. The scan
 * also tells when the object is complete, which the stream translator uses to decide that a call
 * is finished and the next one may start. At the end, {@link #finish()} returns whatever closes
 * the JSON: just the held brace normally; for arguments cut short (max_tokens) the missing closers;
 * for arguments that are not an object, the whole text under {@value ToolArguments#RAW_FIELD};
 * for text after a syntax error, that text under {@value #UNPARSED_FIELD}. A trailing second copy
 * of the whole arguments, which some servers send with the last chunk, is dropped.
 */
final class ToolArgumentStream {
    static final String UNPARSED_FIELD = "_unparsed_rest";
    private static final String TRUNCATED_MEMBER = "\"_truncated\":true";

    private enum Mode { UNDECIDED, OBJECT, RAW, BROKEN, CLOSED }

    // What the innermost open container expects next.
    private static final int OBJ_START = 0;  // after '{': a key or '}'
    private static final int OBJ_KEY = 1;    // after ',': a key
    private static final int OBJ_COLON = 2;  // after a key
    private static final int OBJ_VALUE = 3;  // after ':'
    private static final int OBJ_NEXT = 4;   // after a value: ',' or '}'
    private static final int ARR_START = 5;  // after '[': a value or ']'
    private static final int ARR_VALUE = 6;  // after ','
    private static final int ARR_NEXT = 7;   // after a value: ',' or ']'

    private Mode mode = Mode.UNDECIDED;
    private int[] stack = new int[8];
    private int depth;
    private boolean inString;
    private boolean stringIsKey;
    private boolean topHadMembers;
    private final StringBuilder heldEscape = new StringBuilder();
    private final StringBuilder scalar = new StringBuilder();
    private final StringBuilder received = new StringBuilder();
    private final StringBuilder rest = new StringBuilder();

    /** Scans a fragment; returns the text that may be emitted now (possibly empty). */
    String append(String fragment) {
        StringBuilder emit = new StringBuilder(fragment.length() + 8);
        for (int i = 0; i < fragment.length(); i++) {
            char c = fragment.charAt(i);
            if (mode != Mode.CLOSED && mode != Mode.BROKEN) {
                received.append(c);
            }
            accept(c, emit);
        }
        return emit.toString();
    }

    /** True once anything but whitespace arrived. */
    boolean receivedAnything() {
        return mode != Mode.UNDECIDED;
    }

    /** True once the top-level object has closed (its brace is held until {@link #finish()}). */
    boolean complete() {
        return mode == Mode.CLOSED;
    }

    /** The text that completes the emitted fragments into one JSON object. Call once. */
    String finish() {
        return switch (mode) {
            case UNDECIDED -> "{}";
            case RAW -> "\"}";
            case CLOSED -> closeAfterEnd();
            case OBJECT, BROKEN -> closeOpenContainers();
        };
    }

    private void accept(char c, StringBuilder emit) {
        switch (mode) {
            case BROKEN -> rest.append(c);
            case CLOSED -> {
                if (!rest.isEmpty() || !JsonText.isWhitespace(c)) {
                    rest.append(c);
                }
            }
            case RAW -> JsonText.appendEscaped(c, emit);
            case UNDECIDED -> {
                if (c == '{') {
                    mode = Mode.OBJECT;
                    push(OBJ_START);
                    emit.append(c);
                } else if (!JsonText.isWhitespace(c)) {
                    mode = Mode.RAW;
                    emit.append("{\"").append(ToolArguments.RAW_FIELD).append("\":\"");
                    JsonText.appendEscaped(c, emit);
                }
            }
            case OBJECT -> acceptInObject(c, emit);
        }
    }

    private void acceptInObject(char c, StringBuilder emit) {
        if (inString) {
            acceptInString(c, emit);
            return;
        }
        if (!scalar.isEmpty()) {
            if (JsonText.isScalarChar(c)) {
                scalar.append(c);
                return;
            }
            emit.append(JsonText.validScalar(scalar.toString()));
            scalar.setLength(0);
            valueDone();
        }
        if (JsonText.isWhitespace(c)) {
            emit.append(c);
            return;
        }
        int state = stack[depth - 1];
        boolean expectsValue = state == OBJ_VALUE || state == ARR_START || state == ARR_VALUE;
        switch (c) {
            case '{', '[' -> {
                if (!expectsValue) {
                    breakAt(c);
                    return;
                }
                push(c == '{' ? OBJ_START : ARR_START);
                emit.append(c);
            }
            case '}', ']' -> {
                boolean closes = c == '}' ? state == OBJ_START || state == OBJ_NEXT : state == ARR_START || state == ARR_NEXT;
                if (!closes) {
                    breakAt(c);
                    return;
                }
                depth--;
                if (depth == 0) {
                    mode = Mode.CLOSED;
                    topHadMembers = state == OBJ_NEXT;
                    return; // the final brace is held
                }
                emit.append(c);
                valueDone();
            }
            case ',' -> {
                if (state != OBJ_NEXT && state != ARR_NEXT) {
                    breakAt(c);
                    return;
                }
                stack[depth - 1] = state == OBJ_NEXT ? OBJ_KEY : ARR_VALUE;
                emit.append(c);
            }
            case ':' -> {
                if (state != OBJ_COLON) {
                    breakAt(c);
                    return;
                }
                stack[depth - 1] = OBJ_VALUE;
                emit.append(c);
            }
            case '"' -> {
                if (state == OBJ_START || state == OBJ_KEY) {
                    stringIsKey = true;
                } else if (expectsValue) {
                    stringIsKey = false;
                } else {
                    breakAt(c);
                    return;
                }
                inString = true;
                emit.append(c);
            }
            default -> {
                if (!expectsValue || !JsonText.isScalarChar(c)) {
                    breakAt(c);
                    return;
                }
                scalar.append(c);
            }
        }
    }

    private void acceptInString(char c, StringBuilder emit) {
        if (!heldEscape.isEmpty()) {
            acceptInEscape(c, emit);
        } else if (c == '\\') {
            heldEscape.append(c);
        } else if (c == '"') {
            inString = false;
            emit.append(c);
            if (stringIsKey) {
                stack[depth - 1] = OBJ_COLON;
            } else {
                valueDone();
            }
        } else {
            JsonText.appendEscapedInString(c, emit);
        }
    }

    /** An escape is released only when complete, so a fragment never ends inside one. */
    private void acceptInEscape(char c, StringBuilder emit) {
        heldEscape.append(c);
        boolean valid;
        if (heldEscape.charAt(1) == 'u') {
            valid = heldEscape.length() == 2 || JsonText.isHexDigit(c);
            if (valid && heldEscape.length() < 6) {
                return;
            }
        } else {
            valid = "\"\\/bfnrt".indexOf(c) >= 0;
        }
        if (valid) {
            emit.append(heldEscape);
            heldEscape.setLength(0);
            return;
        }
        // Not a JSON escape: keep the backslash as a literal character, then the rest as text.
        String chars = heldEscape.substring(1);
        heldEscape.setLength(0);
        emit.append("\\\\");
        for (int i = 0; i < chars.length(); i++) {
            acceptInString(chars.charAt(i), emit);
        }
    }

    private void breakAt(char c) {
        mode = Mode.BROKEN;
        rest.append(c);
    }

    private void valueDone() {
        int state = stack[depth - 1];
        stack[depth - 1] = state == OBJ_VALUE ? OBJ_NEXT : ARR_NEXT;
    }

    private void push(int state) {
        if (depth == stack.length) {
            stack = Arrays.copyOf(stack, depth * 2);
        }
        stack[depth++] = state;
    }

    private String closeAfterEnd() {
        String extra = rest.toString().strip();
        if (extra.isEmpty() || extra.equals(received.toString().strip())) {
            return "}";
        }
        return (topHadMembers ? "," : "") + unparsedMember(extra) + "}";
    }

    /** Closes a cut-short or broken object, innermost container first. */
    private String closeOpenContainers() {
        StringBuilder out = new StringBuilder();
        if (inString) {
            heldEscape.setLength(0);
            inString = false;
            out.append('"');
            if (stringIsKey) {
                stack[depth - 1] = OBJ_COLON;
            } else {
                valueDone();
            }
        }
        if (!scalar.isEmpty()) {
            out.append(JsonText.completedScalar(scalar.toString()));
            scalar.setLength(0);
            valueDone();
        }
        String extra = rest.toString().strip();
        while (depth > 0) {
            int state = stack[depth - 1];
            boolean top = depth == 1;
            String member = top && !extra.isEmpty() ? unparsedMember(extra) : null;
            switch (state) {
                case OBJ_START -> out.append(member == null ? "" : member).append('}');
                case OBJ_KEY -> out.append(member == null ? TRUNCATED_MEMBER : member).append('}');
                case OBJ_COLON -> out.append(":null").append(member == null ? "" : "," + member).append('}');
                case OBJ_VALUE -> out.append("null").append(member == null ? "" : "," + member).append('}');
                case OBJ_NEXT -> out.append(member == null ? "" : "," + member).append('}');
                case ARR_VALUE -> out.append("null]");
                default -> out.append(']');
            }
            depth--;
            if (depth > 0) {
                valueDone();
            }
        }
        return out.toString();
    }

    private static String unparsedMember(String text) {
        return "\"" + UNPARSED_FIELD + "\":" + Json.quote(text);
    }
}
