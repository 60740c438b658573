package dev.claudeconnector.json;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Compact JSON held as the first {@code length} bytes of {@code array}: what {@link
 * JsonTrees#bytes(com.fasterxml.jackson.databind.JsonNode, int)} writes into one array sized from an
 * expected length, so that a body is neither copied to an exact-length array nor gathered from segments.
 * The array must not change afterwards.
 *
 * @param array  holds the JSON from index 0; may be longer
 * @param length how many of its bytes are the JSON
 */
public record JsonBytes(byte[] array, int length) {
    public JsonBytes {
        Objects.requireNonNull(array, "array");
        Objects.checkFromIndexSize(0, length, array.length);
    }

    /** Writes the JSON to {@code out}. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(array, 0, length);
    }
}
