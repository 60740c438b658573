package dev.claudeconnector.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON text to Jackson trees and back with Jackson's streaming parser and generator only, the
 * trees the same as {@code ObjectMapper.readTree} builds and the text the same as {@code
 * writeValueAsBytes} writes. An {@code ObjectMapper} is not made for that: building one loads ~520
 * classes (its serialiser and deserialiser factories, type and annotation introspection) that a
 * proxy, which never binds JSON to objects, would carry in its class cache, its memory and its start.
 * Thread-safe; the factories keep Jackson's default limits.
 */
public final class JsonTrees {
    private static final JsonFactory STRICT = new JsonFactory();
    /**
     * For JSON written by a model: raw control characters inside strings (a literal newline in a
     * file's content) are the commonest slip and carry no ambiguity, so they are accepted.
     */
    private static final JsonFactory LENIENT = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    /** The parser and generator factory, with Jackson's default limits. */
    public static JsonFactory factory() {
        return STRICT;
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** The tree of {@code bytes}; {@link MissingNode} when they hold no value. */
    public static JsonNode read(byte[] bytes) throws IOException {
        return read(bytes, 0, bytes.length);
    }

    /** The tree of {@code length} bytes of {@code bytes} from {@code offset}; {@link MissingNode} when they hold no value. */
    public static JsonNode read(byte[] bytes, int offset, int length) throws IOException {
        try (JsonParser parser = STRICT.createParser(bytes, offset, length)) {
            return orMissing(read(parser));
        }
    }

    /** The tree of {@code text}; {@link MissingNode} when it holds no value. */
    public static JsonNode read(String text) throws IOException {
        try (JsonParser parser = STRICT.createParser(text)) {
            return orMissing(read(parser));
        }
    }

    /** The tree of what {@code in} holds (closed after, as {@code readTree} closes it); {@link MissingNode} when it holds no value. */
    public static JsonNode read(InputStream in) throws IOException {
        try (JsonParser parser = STRICT.createParser(in)) {
            return orMissing(read(parser));
        }
    }

    /** Model-written JSON, read leniently (above); null when it is not JSON at all. */
    public static JsonNode readLenient(String text) {
        try (JsonParser parser = LENIENT.createParser(text)) {
            return read(parser);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The value at {@code parser}'s current token (or its next, before the first), as a tree; null
     * when the input has none. Whatever follows the value is not read, as with {@code readTree}.
     * Without recursion, so a deeply nested body costs no stack (the parser limits the depth).
     */
    public static JsonNode read(JsonParser parser) throws IOException {
        Deque<ContainerNode<?>> open = new ArrayDeque<>();
        for (JsonToken token = parser.currentToken() != null ? parser.currentToken() : parser.nextToken();
             token != null; token = parser.nextToken()) {
            switch (token) {
                case FIELD_NAME -> { }
                case START_OBJECT, START_ARRAY -> {
                    ContainerNode<?> container = token == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
                    add(open.peek(), parser.currentName(), container);
                    open.push(container);
                }
                case END_OBJECT, END_ARRAY -> {
                    ContainerNode<?> done = open.pop();
                    if (open.isEmpty()) {
                        return done;
                    }
                }
                default -> {
                    JsonNode value = scalar(parser, token);
                    if (open.isEmpty()) {
                        return value;
                    }
                    add(open.peek(), parser.currentName(), value);
                }
            }
        }
        return null;
    }

    /** Adds {@code node} to an object under {@code name} (a repeated name keeps the last) or to an array; nothing for no parent. */
    public static void add(ContainerNode<?> parent, String name, JsonNode node) {
        if (parent instanceof ObjectNode object) {
            object.replace(name, node);
        } else if (parent instanceof ArrayNode array) {
            array.add(node);
        }
    }

    /**
     * The node of the scalar at {@code token}, as {@code readTree} makes it: an int, long or big
     * integer by size, a double for a fraction (a big decimal only where the parser gives one).
     */
    public static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
                    ? NODES.numberNode(parser.getDecimalValue()) : NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IllegalStateException("JSON text has no " + token);
        };
    }

    /** Compact JSON of a tree as UTF-8 bytes (built in segments from Jackson's recycled buffers, copied once). */
    public static byte[] bytes(JsonNode node) {
        BufferRecycler recycler = STRICT._getBufferRecycler();
        try (ByteArrayBuilder out = new ByteArrayBuilder(recycler);
             JsonGenerator generator = STRICT.createGenerator(out, JsonEncoding.UTF8)) {
            write(node, generator);
            generator.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise a JSON tree", e);
        } finally {
            recycler.releaseToPool();
        }
    }

    /**
     * Compact JSON of a tree in one array that starts at {@code expected} bytes and doubles when the
     * JSON is longer: for a large body whose size is known roughly in advance (a translated request
     * is about as long as the request it came from), one array instead of segments and a final copy.
     * The array keeps {@code room} bytes free before the JSON ({@link JsonBytes#offset()}).
     */
    public static JsonBytes bytes(JsonNode node, int expected, int room) {
        Output out = new Output(Math.max(expected, 256), room);
        try (JsonGenerator generator = STRICT.createGenerator(out, JsonEncoding.UTF8)) {
            write(node, generator);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise a JSON tree", e);
        }
        return out.written();
    }

    /** The array a generator writes into, handed on as it is. */
    private static final class Output extends ByteArrayOutputStream {
        private final int room;

        Output(int size, int room) {
            super(size + room);
            this.room = room;
            this.count = room;
        }

        JsonBytes written() {
            return new JsonBytes(buf, room, count - room);
        }
    }

    /** Compact JSON text of a tree. */
    public static String text(JsonNode node) {
        BufferRecycler recycler = STRICT._getBufferRecycler();
        try (SegmentedStringWriter out = new SegmentedStringWriter(recycler);
             JsonGenerator generator = STRICT.createGenerator(out)) {
            write(node, generator);
            generator.flush();
            return out.getAndClear();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise a JSON tree", e);
        } finally {
            recycler.releaseToPool();
        }
    }

    /**
     * Writes a tree through {@code generator}. Containers and nulls are written here; every other
     * node writes itself (strings, numbers and booleans need no serialiser provider for it), so a
     * node type of the caller's own that writes itself goes out as it would through an {@code ObjectMapper}.
     */
    public static void write(JsonNode node, JsonGenerator generator) throws IOException {
        if (node instanceof ObjectNode object) {
            generator.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                generator.writeFieldName(field.getKey());
                write(field.getValue(), generator);
            }
            generator.writeEndObject();
        } else if (node instanceof ArrayNode array) {
            generator.writeStartArray();
            for (JsonNode element : array) {
                write(element, generator);
            }
            generator.writeEndArray();
        } else if (node.isNull()) {
            generator.writeNull(); // NullNode writes itself through the provider it would be given
        } else {
            ((JsonSerializable) node).serialize(generator, null);
        }
    }

    private static JsonNode orMissing(JsonNode node) {
        return node == null ? MissingNode.getInstance() : node;
    }
}
