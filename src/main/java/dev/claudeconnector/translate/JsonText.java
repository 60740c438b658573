package dev.claudeconnector.translate;

import java.util.regex.Pattern;

/** Character-level JSON helpers for {@link ToolArgumentStream}, which must repair text it cannot parse, and {@link RequestBody}. */
final class JsonText {
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final String[] LITERALS = {"true", "false", "null"};

    private JsonText() {
    }

    /** A finished scalar as valid JSON: itself, the JSON spelling of a Python literal, or a string. */
    static String validScalar(String token) {
        if (NUMBER.matcher(token).matches() || token.equals("true") || token.equals("false") || token.equals("null")) {
            return token;
        }
        return switch (token) {
            case "True" -> "true";
            case "False" -> "false";
            case "None" -> "null";
            default -> Json.quote(token);
        };
    }

    /** A scalar cut short: a literal's prefix is completed, a number's dangling sign/dot/exponent gets a 0. */
    static String completedScalar(String token) {
        for (String literal : LITERALS) {
            if (literal.startsWith(token)) {
                return literal;
            }
        }
        char last = token.charAt(token.length() - 1);
        if ("+-.eE".indexOf(last) >= 0 && NUMBER.matcher(token + "0").matches()) {
            return token + "0";
        }
        return validScalar(token);
    }

    /** Characters of numbers and bare words (literals, and the junk a model may write instead). */
    static boolean isScalarChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || c == '-' || c == '+' || c == '.';
    }

    static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    /** Escapes any character for the inside of a JSON string. */
    static void appendEscaped(char c, StringBuilder out) {
        if (c == '"' || c == '\\') {
            out.append('\\').append(c);
        } else {
            appendEscapedInString(c, out);
        }
    }

    /** Escapes control characters, which JSON forbids raw inside strings and models emit anyway. */
    static void appendEscapedInString(char c, StringBuilder out) {
        if (c >= 0x20) {
            out.append(c);
            return;
        }
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            default -> out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
        }
    }
}
