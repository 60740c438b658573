package dev.claudeconnector.translate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ValueNode;
import dev.claudeconnector.json.JsonTrees;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON object or array of the client's body kept as the bytes it came as, and written out as
 * those bytes: what the translation hands on to the upstream unread, the parts of a tool's
 * {@code input_schema} below its top level ({@link ToolDefinitions}) and a tool call's
 * {@code input} (its {@code arguments} upstream, {@link #asArguments}). In a Claude Code request
 * the schemas are most of the nodes (about 60 % of the objects and two thirds of the short strings
 * of a recorded one), so building them as a tree and writing the tree out again was most of the
 * tree work. {@link RequestBody} makes them, after the parser has read (and checked) every token inside.
 *
 * <p>Contract: a node of type {@link JsonNodeType#POJO} (it is no container to walk); {@link #tree}
 * is the value as {@code readTree} reads it (parsed on first use, then kept), and the node is equal
 * to any node equal to that tree; every generator gets the bytes as they are, whitespace and key
 * order as the client sent them, so the output means the same value.
 */
final class VerbatimJson extends ValueNode {
    private final byte[] bytes;
    /** {@code bytes[from]} opens the value ('{' or '['), {@code bytes[to - 1]} closes it. */
    private final int from;
    private final int to;
    private JsonNode tree;

    private VerbatimJson(byte[] bytes, int from, int to) {
        this.bytes = bytes;
        this.from = from;
        this.to = to;
    }

    /** The object or array {@code json[from..to)}, brackets included, which must have been checked as JSON. */
    static VerbatimJson slice(byte[] json, int from, int to) {
        if (to - from < 2 || (json[from] != '{' && json[from] != '[') || json[to - 1] != (json[from] == '{' ? '}' : ']')) {
            throw new IllegalStateException("the parser's token locations do not frame an object or array");
        }
        return new VerbatimJson(json, from, to);
    }

    /** Whether the value is an object (else an array). */
    boolean isObjectValue() {
        return bytes[from] == '{';
    }

    /** The value's JSON text as a string node, as OpenAI's tool-call {@code arguments} carry it. */
    JsonNode asArguments() {
        return EscapedText.ofJson(bytes, from, to);
    }

    /** The value as a tree. */
    JsonNode tree() {
        if (tree == null) {
            try {
                tree = JsonTrees.read(bytes, from, to - from);
            } catch (IOException e) {
                throw new UncheckedIOException("a checked JSON value no longer parses", e);
            }
        }
        return tree;
    }

    @Override
    public JsonToken asToken() {
        return JsonToken.VALUE_EMBEDDED_OBJECT;
    }

    @Override
    public JsonNodeType getNodeType() {
        return JsonNodeType.POJO;
    }

    @Override
    public String asText() {
        return text();
    }

    @Override
    public void serialize(JsonGenerator generator, SerializerProvider provider) throws IOException {
        generator.writeRawValue(new Raw());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonNode node && tree().equals(node instanceof VerbatimJson verbatim ? verbatim.tree() : node);
    }

    @Override
    public int hashCode() {
        return tree().hashCode();
    }

    private String text() {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    /**
     * The bytes as Jackson's raw-value writes take them: a UTF-8 generator copies them into its
     * buffer (or, when they do not fit, writes them on their own), any other takes the text.
     */
    private final class Raw implements SerializableString {
        private int length() {
            return to - from;
        }

        @Override
        public String getValue() {
            return text();
        }

        @Override
        public int charLength() {
            return text().length();
        }

        @Override
        public char[] asQuotedChars() {
            return JsonStringEncoder.getInstance().quoteAsString(text());
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return Arrays.copyOfRange(bytes, from, to);
        }

        @Override
        public byte[] asQuotedUTF8() {
            return JsonStringEncoder.getInstance().quoteAsUTF8(text());
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            return append(asQuotedUTF8(), buffer, offset);
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            char[] quoted = asQuotedChars();
            if (offset + quoted.length > buffer.length) {
                return -1;
            }
            System.arraycopy(quoted, 0, buffer, offset, quoted.length);
            return quoted.length;
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + length() > buffer.length) {
                return -1;
            }
            System.arraycopy(bytes, from, buffer, offset, length());
            return length();
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            String text = text();
            if (offset + text.length() > buffer.length) {
                return -1;
            }
            text.getChars(0, text.length(), buffer, offset);
            return text.length();
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) throws IOException {
            byte[] quoted = asQuotedUTF8();
            out.write(quoted);
            return quoted.length;
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(bytes, from, length());
            return length();
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) {
            byte[] quoted = asQuotedUTF8();
            if (quoted.length > buffer.remaining()) {
                return -1;
            }
            buffer.put(quoted);
            return quoted.length;
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (length() > buffer.remaining()) {
                return -1;
            }
            buffer.put(bytes, from, length());
            return length();
        }

        private static int append(byte[] part, byte[] buffer, int offset) {
            if (offset + part.length > buffer.length) {
                return -1;
            }
            System.arraycopy(part, 0, buffer, offset, part.length);
            return part.length;
        }
    }
}
