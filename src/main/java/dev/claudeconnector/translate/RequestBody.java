package dev.claudeconnector.translate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.claudeconnector.json.JsonTrees;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Parses a client's request body into the tree {@link RequestTranslator} takes, keeping every long
 * string as an {@link EscapedText} slice of the body instead of decoding it, and each object or
 * array the translation hands on unread as a {@link VerbatimJson} slice instead of a tree: those
 * nested in a tool's {@code input_schema} ({@code tools[i].input_schema.*}) and a content block's
 * {@code input} ({@code messages[i].content[j].input}, a tool call's arguments). Otherwise the
 * tree is what Jackson's {@code readTree} builds: same node types, a repeated key keeps its last value,
 * Jackson's default limits, the same exceptions (with line and column) for malformed JSON, and
 * {@code null} for a body with no JSON value at all. A body in UTF-16 or UTF-32 (which JSON
 * allows, and no client of this proxy sends) is read as {@code readTree} reads it.
 */
public final class RequestBody {
    /** Strings shorter than this (types, roles, ids, names) are read anyway, so they are decoded at once. */
    static final int ESCAPED_FROM = 64;
    /** Containers open around a value of a tool's input_schema: the body, tools, the tool, input_schema. */
    private static final int SCHEMA_DEPTH = 4;
    /** Containers open around a content block's input: the body, messages, the message, content, the block. */
    private static final int INPUT_DEPTH = 5;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RequestBody() {
    }

    /** The body's JSON tree; the tree refers to {@code body}, which must not change afterwards. */
    public static JsonNode parse(byte[] body) throws IOException {
        Deque<ContainerNode<?>> open = new ArrayDeque<>();
        PendingString pending = null;
        try (JsonParser parser = JsonTrees.factory().createParser(body)) {
            if (!(parser instanceof UTF8StreamJsonParser)) {
                return JsonTrees.read(parser); // UTF-16 or UTF-32 (JSON allows them): read as characters, every string decoded
            }
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (pending != null) {
                    // The parser has just skipped (and checked) the string; where the next token starts tells where it ended.
                    pending.finish(body, (int) parser.currentTokenLocation().getByteOffset());
                    pending = null;
                }
                switch (token) {
                    case FIELD_NAME -> { }
                    case START_OBJECT, START_ARRAY -> {
                        if (handedOnUnread(open.size(), parser.getParsingContext())) {
                            String name = parser.currentName();
                            int start = (int) parser.currentTokenLocation().getByteOffset();
                            parser.skipChildren(); // reads and checks every token inside, decodes no string
                            int end = (int) parser.currentTokenLocation().getByteOffset() + 1;
                            JsonTrees.add(open.peek(), name, VerbatimJson.slice(body, start, end));
                        } else {
                            ContainerNode<?> container = token == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
                            JsonTrees.add(open.peek(), parser.currentName(), container);
                            open.push(container);
                        }
                    }
                    case END_OBJECT, END_ARRAY -> {
                        ContainerNode<?> done = open.pop();
                        if (open.isEmpty()) {
                            return done; // like readTree, whatever follows the value is not read
                        }
                    }
                    case VALUE_STRING -> {
                        if (open.isEmpty()) {
                            return NODES.textNode(parser.getText()); // not an object: refused, so nothing to keep
                        }
                        pending = new PendingString(open.peek(), parser.currentName(),
                                (int) parser.currentTokenLocation().getByteOffset());
                    }
                    default -> {
                        JsonNode value = JsonTrees.scalar(parser, token);
                        if (open.isEmpty()) {
                            return value;
                        }
                        JsonTrees.add(open.peek(), parser.currentName(), value);
                    }
                }
            }
        }
        return null;
    }

    /**
     * Whether the container just started (its context {@code opened}, inside {@code depth} others)
     * is a value of {@code tools[i].input_schema} or is {@code messages[i].content[j].input}.
     */
    private static boolean handedOnUnread(int depth, JsonStreamContext opened) {
        JsonStreamContext parent = opened.getParent();
        if (depth == SCHEMA_DEPTH) {
            JsonStreamContext tool = parent.getParent();
            return parent.inObject() && tool.inObject() && "input_schema".equals(tool.getCurrentName())
                    && isTopLevelArray(tool.getParent(), "tools");
        }
        if (depth == INPUT_DEPTH) {
            JsonStreamContext content = parent.getParent();
            JsonStreamContext message = content.getParent();
            return parent.inObject() && "input".equals(parent.getCurrentName()) && content.inArray()
                    && message.inObject() && "content".equals(message.getCurrentName()) && isTopLevelArray(message.getParent(), "messages");
        }
        return false;
    }

    /** Whether {@code context} is an array that is the body's top-level field {@code name}. */
    private static boolean isTopLevelArray(JsonStreamContext context, String name) {
        JsonStreamContext body = context.getParent();
        return context.inArray() && body.inObject() && name.equals(body.getCurrentName()) && body.getParent().inRoot();
    }

    /** A string value met but not yet added: its end is known only once the parser has moved past it. */
    private record PendingString(ContainerNode<?> parent, String name, int quote) {
        void finish(byte[] body, int nextToken) {
            int end = nextToken - 1;
            while (JsonText.isWhitespace((char) body[end])) {
                end--;
            }
            if (body[end] == ',') {
                end--;
                while (JsonText.isWhitespace((char) body[end])) {
                    end--;
                }
            }
            if (body[quote] != '"' || body[end] != '"' || end <= quote) {
                throw new IllegalStateException("the parser's token locations do not frame a string");
            }
            JsonTrees.add(parent, name, end - quote - 1 >= ESCAPED_FROM ? EscapedText.slice(body, quote, end + 1)
                    : NODES.textNode(EscapedText.decode(body, quote, end + 1)));
        }
    }
}
