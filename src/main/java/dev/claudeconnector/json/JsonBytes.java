package dev.claudeconnector.json;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Compact JSON held as {@code length} bytes of {@code array} from {@code offset}: what {@link
 * JsonTrees#bytes(com.fasterxml.jackson.databind.JsonNode, int, int)} writes into one array sized from
 * an expected length, so that a body is neither copied to an exact-length array nor gathered from
 * segments. Those bytes must not change afterwards; the {@code offset} bytes before them are the
 * holder's to use (a call to Open WebUI puts its HTTP head there, so head and body leave in one write).
 *
 * @param array  holds the JSON from {@code offset}; may be longer
 * @param offset where the JSON starts: the room left before it
 * @param length how many bytes the JSON has
 */
public record JsonBytes(byte[] array, int offset, int length) {
    public JsonBytes {
        Objects.requireNonNull(array, "array");
        Objects.checkFromIndexSize(offset, length, array.length);
    }

    /** Writes the JSON to {@code out}. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(array, offset, length);
    }
}
