package dev.claudeconnector.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trees and text of {@link JsonTrees} are those of Jackson's {@code ObjectMapper}, which the proxy no longer builds. */
class JsonTreesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Every recorded Claude Code request (the whole recording: headers, body and all). */
    static Stream<Path> recordings() throws IOException {
        return Files.list(Path.of("src/test/resources/fixtures")).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest
    @MethodSource("recordings")
    void readsAndWritesRecordedRequestsAsTheObjectMapperDoes(Path recording) throws IOException {
        byte[] bytes = Files.readAllBytes(recording);
        JsonNode expected = MAPPER.readTree(bytes);
        JsonNode tree = JsonTrees.read(bytes);
        assertEquals(expected, tree);
        byte[] written = MAPPER.writeValueAsBytes(expected);
        assertArrayEquals(written, JsonTrees.bytes(tree));
        // Into one array sized from a guess: too small (it grows), exact, and larger than the JSON;
        // with and without room before it.
        for (int expectedLength : new int[] {1, written.length / 3, written.length, written.length * 2}) {
            for (int room : new int[] {0, 1024}) {
                JsonBytes sized = JsonTrees.bytes(tree, expectedLength, room);
                String what = "expected " + expectedLength + ", room " + room;
                assertEquals(room, sized.offset(), what);
                assertEquals(written.length, sized.length(), what);
                assertArrayEquals(written, Arrays.copyOfRange(sized.array(), room, room + sized.length()), what);
            }
        }
        assertEquals(MAPPER.writeValueAsString(expected), JsonTrees.text(tree));
        assertEquals(expected, JsonTrees.read(new String(bytes, StandardCharsets.UTF_8)));
        assertEquals(expected, JsonTrees.read(new ByteArrayInputStream(bytes)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-7", "2147483647", "2147483648", "-9223372036854775808", "9223372036854775808",
            "123456789012345678901234567890", "1.5", "-0.0", "1e3", "1E-7", "3.141592653589793238462643383279",
            "true", "false", "null", "\"\\u00e9\\ud83d\\ude00\\n\"", "[]", "{}", "[1,[2,[3,{}]],{\"a\":[]}]",
            "{\"a\":1,\"a\":\"last\"}", "{\"n\":{\"big\":1e400,\"small\":-1e-400}}"})
    void numbersAndScalarsGetTheNodeTypesReadTreeGives(String json) throws IOException {
        JsonNode expected = MAPPER.readTree(json);
        JsonNode tree = JsonTrees.read(json);
        assertEquals(expected, tree);
        assertEquals(types(expected), types(tree));
        assertEquals(MAPPER.writeValueAsString(expected), JsonTrees.text(tree));
    }

    private static List<JsonNodeType> types(JsonNode node) {
        return Stream.concat(Stream.of(node.getNodeType()), node.valueStream().flatMap(n -> types(n).stream())).toList();
    }

    @Test
    void noValueIsMissingAndWhatFollowsAValueIsNotRead() throws IOException {
        assertTrue(JsonTrees.read(new byte[0]).isMissingNode());
        assertTrue(JsonTrees.read("  \n").isMissingNode());
        assertEquals(MAPPER.readTree("{\"a\":1} trailing"), JsonTrees.read("{\"a\":1} trailing"));
        try (JsonParser parser = JsonTrees.factory().createParser("")) {
            assertNull(JsonTrees.read(parser));
        }
    }

    @Test
    void aParserAlreadyOnAValueIsReadFromThere() throws IOException {
        try (JsonParser parser = JsonTrees.factory().createParser("{\"outer\":{\"inner\":[1,2]},\"next\":true}")) {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken());
            parser.nextToken();
            assertEquals(JsonToken.START_OBJECT, parser.nextToken());
            assertEquals(MAPPER.readTree("{\"inner\":[1,2]}"), JsonTrees.read(parser));
            assertEquals("next", parser.nextFieldName());
        }
    }

    @Test
    void malformedJsonFailsAsTheParserSaysWithItsLocation() {
        JsonParseException e = assertThrows(JsonParseException.class, () -> JsonTrees.read("{\"a\":1,}"));
        assertEquals(1, e.getLocation().getLineNr());
        assertThrows(IOException.class, () -> JsonTrees.read("{\"a\":[1,2"));
        assertThrows(IOException.class, () -> JsonTrees.read("{\"text\":\"a\nb\"}"));
    }

    @Test
    void deepNestingNeedsNoStackAndKeepsJacksonsLimit() throws IOException {
        String deep = "[".repeat(1000) + "]".repeat(1000);
        assertEquals(MAPPER.readTree(deep), JsonTrees.read(deep));
        assertEquals(deep, JsonTrees.text(JsonTrees.read(deep)));
        String tooDeep = "[".repeat(1001) + "]".repeat(1001);
        assertThrows(StreamConstraintsException.class, () -> JsonTrees.read(tooDeep));
    }

    @Test
    void lenientReadingTakesRawControlCharactersAndGivesNullForNonJson() {
        assertEquals("a\nb", JsonTrees.readLenient("{\"text\":\"a\nb\"}").path("text").textValue());
        assertNull(JsonTrees.readLenient("not json"));
    }

    @Test
    void readingAStreamClosesItAsReadTreeDoes() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new ByteArrayInputStream("{\"a\":1}".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        assertEquals(1, JsonTrees.read(in).path("a").intValue());
        assertTrue(closed.get());
    }

    @Test
    void builtTreesWriteAsTheMapperWritesThem() throws IOException {
        var tree = JsonTrees.object();
        tree.put("s", "quote \" and \u2028").put("i", 1).put("l", 1L << 40).put("d", 0.1).put("b", false).putNull("n");
        tree.putArray("a").add(JsonTrees.array().add("x")).addObject().put("k", "v");
        assertArrayEquals(MAPPER.writeValueAsBytes(tree), JsonTrees.bytes(tree));
    }
}
