package dev.claudeconnector.translate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import dev.claudeconnector.json.JsonTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A JSON string value kept as its escaped UTF-8 bytes, quotes included, and written out as those
 * bytes. Most of a Claude Code request is a few long strings (system prompt, file contents, tool
 * results, tool descriptions) that the translation moves but never reads; decoding them and
 * escaping them again was about a third of the proxy's CPU per request. {@link RequestBody} makes
 * one for each long string of the client's body; {@link #join} and {@link #ofJson} build new ones
 * from pieces without decoding them.
 *
 * <p>Contract: {@link #textValue} is the decoded text (decoded on first use, then kept); the node is
 * equal to any string node with the same text; Jackson's UTF-8 generator (behind
 * {@code writeValueAsBytes}) gets the bytes as they are, any other generator the decoded text, so
 * either way the output means the same string. Escapes are kept as the client spelled them
 * ({@code \u00e9} stays six characters), which JSON readers treat as the same text.
 */
final class EscapedText extends ValueNode {
    private static final byte QUOTE = '"';
    private static final byte BACKSLASH = '\\';

    private final byte[] bytes;
    /** {@code bytes[from]} is the opening quote, {@code bytes[to - 1]} the closing one. */
    private final int from;
    private final int to;
    private String text;

    private EscapedText(byte[] bytes, int from, int to) {
        this.bytes = bytes;
        this.from = from;
        this.to = to;
    }

    /** The string literal {@code json[from..to)}, both quotes included. */
    static EscapedText slice(byte[] json, int from, int to) {
        return new EscapedText(json, from, to);
    }

    /** A string whose text is the given UTF-8 JSON document (tool-call arguments). */
    static JsonNode ofJson(byte[] json) {
        return ofJson(json, 0, json.length);
    }

    /**
     * A string whose text is the UTF-8 JSON document {@code json[from..to)}: only quotes,
     * backslashes and the whitespace JSON allows between tokens (tab, newline, carriage return)
     * need escaping, as a JSON document has no other control character outside its strings and
     * none unescaped inside them.
     */
    static JsonNode ofJson(byte[] json, int from, int to) {
        int extra = 0;
        for (int i = from; i < to; i++) {
            if (escape(json[i]) != 0) {
                extra++;
            }
        }
        byte[] out = new byte[to - from + extra + 2];
        int o = 0;
        out[o++] = QUOTE;
        for (int i = from; i < to; i++) {
            byte escape = escape(json[i]);
            if (escape != 0) {
                out[o++] = BACKSLASH;
                out[o++] = escape;
            } else {
                out[o++] = json[i];
            }
        }
        out[o] = QUOTE;
        return new EscapedText(out, 0, out.length);
    }

    /** The letter that follows the backslash when {@code b} appears inside a string, or 0 when it needs none. */
    private static byte escape(byte b) {
        return switch (b) {
            case QUOTE, BACKSLASH -> b;
            case '\n' -> 'n';
            case '\r' -> 'r';
            case '\t' -> 't';
            default -> 0;
        };
    }

    /**
     * The texts of {@code parts} (string nodes) joined by {@code joiner}. A plain {@link TextNode}
     * when every part is one (nothing to gain), else one {@link EscapedText} built from the parts'
     * escaped bytes.
     */
    static JsonNode join(List<JsonNode> parts, String joiner) {
        if (parts.size() <= 1) {
            return parts.isEmpty() ? TextNode.valueOf("") : parts.get(0);
        }
        boolean plain = true;
        for (JsonNode part : parts) {
            plain &= part instanceof TextNode;
        }
        if (plain) {
            StringBuilder text = new StringBuilder(parts.get(0).textValue());
            for (int i = 1; i < parts.size(); i++) {
                text.append(joiner).append(parts.get(i).textValue());
            }
            return TextNode.valueOf(text.toString());
        }
        byte[] separator = escaped(joiner);
        byte[][] pieces = new byte[parts.size()][];
        int length = 2 + separator.length * (parts.size() - 1);
        for (int i = 0; i < pieces.length; i++) {
            JsonNode part = parts.get(i);
            if (part instanceof EscapedText escaped) {
                length += escaped.to - escaped.from - 2;
            } else {
                pieces[i] = escaped(part.textValue());
                length += pieces[i].length;
            }
        }
        byte[] out = new byte[length];
        int o = 0;
        out[o++] = QUOTE;
        for (int i = 0; i < pieces.length; i++) {
            if (i > 0) {
                System.arraycopy(separator, 0, out, o, separator.length);
                o += separator.length;
            }
            if (parts.get(i) instanceof EscapedText escaped) {
                int n = escaped.to - escaped.from - 2;
                System.arraycopy(escaped.bytes, escaped.from + 1, out, o, n);
                o += n;
            } else {
                System.arraycopy(pieces[i], 0, out, o, pieces[i].length);
                o += pieces[i].length;
            }
        }
        out[o] = QUOTE;
        return new EscapedText(out, 0, out.length);
    }

    /** {@code prefix} followed by the text of the string node {@code text}. */
    static JsonNode prefixed(String prefix, JsonNode text) {
        return join(List.of(TextNode.valueOf(prefix), text), "");
    }

    /** Whether a string node's text is empty. */
    static boolean isEmpty(JsonNode text) {
        return text instanceof EscapedText escaped ? escaped.to - escaped.from == 2 : text.textValue().isEmpty();
    }

    /**
     * {@link String#isBlank} of a string node's text without decoding it: valid JSON has no raw
     * control characters, so the first character that is not a space settles it, read from its
     * escape or its UTF-8 bytes.
     */
    static boolean isBlank(JsonNode text) {
        if (!(text instanceof EscapedText escaped)) {
            return text.textValue().isBlank();
        }
        byte[] b = escaped.bytes;
        for (int i = escaped.from + 1; i < escaped.to - 1; i++) {
            int c = b[i];
            if (c == BACKSLASH && b[i + 1] == 'u') {
                c = Integer.parseInt(new String(b, i + 2, 4, StandardCharsets.US_ASCII), 16);
                i += 5;
            } else if (c == BACKSLASH) {
                c = switch (b[++i]) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'f' -> '\f';
                    case 'b' -> '\b';
                    default -> b[i]; // \" \\ \/
                };
            } else if (c < 0) {
                int length = c >= -16 ? 4 : c >= -32 ? 3 : 2; // lead byte 11110xxx, 1110xxxx or 110xxxxx
                c = new String(b, i, length, StandardCharsets.UTF_8).codePointAt(0);
                i += length - 1;
            }
            if (!Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] escaped(String text) {
        return JsonStringEncoder.getInstance().quoteAsUTF8(text);
    }

    @Override
    public String textValue() {
        if (text == null) {
            text = decode(bytes, from, to);
        }
        return text;
    }

    /** The text of the string literal {@code json[from..to)}, both quotes included. */
    static String decode(byte[] bytes, int from, int to) {
        int n = to - from - 2;
        for (int i = from + 1; i < to - 1; i++) {
            if (bytes[i] == BACKSLASH) {
                try (JsonParser parser = JsonTrees.factory().createParser(bytes, from, to - from)) {
                    if (parser.nextToken() != JsonToken.VALUE_STRING) {
                        throw new IllegalStateException("not a JSON string literal");
                    }
                    return parser.getText();
                } catch (IOException e) {
                    throw new UncheckedIOException("a checked JSON string no longer parses", e);
                }
            }
        }
        return new String(bytes, from + 1, n, StandardCharsets.UTF_8);
    }

    @Override
    public String asText() {
        return textValue();
    }

    @Override
    public JsonToken asToken() {
        return JsonToken.VALUE_STRING;
    }

    @Override
    public JsonNodeType getNodeType() {
        return JsonNodeType.STRING;
    }

    @Override
    public void serialize(JsonGenerator generator, SerializerProvider provider) throws IOException {
        if (generator instanceof UTF8JsonGenerator && !generator.isEnabled(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature())) {
            generator.writeRawUTF8String(bytes, from + 1, to - from - 2);
        } else {
            generator.writeString(textValue());
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonNode node && node.isTextual() && textValue().equals(node.textValue());
    }

    @Override
    public int hashCode() {
        return textValue().hashCode();
    }
}
