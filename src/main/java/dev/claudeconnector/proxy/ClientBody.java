package dev.claudeconnector.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.claudeconnector.translate.RequestBody;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * The JSON body of a client's request, read whole (at most {@link #MAX_BODY}) and parsed by
 * {@link RequestBody}; every way it can be unusable is an {@link ApiError} saying what to do.
 */
final class ClientBody {
    /** The Anthropic API's limit on a Messages request, which Claude Code keeps to: 32 MB. */
    static final int MAX_BODY = 32 << 20;

    private ClientBody() {
    }

    /**
     * The body as a JSON object.
     *
     * @throws ApiError 413 above {@link #MAX_BODY} (by its declared length, before reading), 400 when
     *                  it is not a JSON object
     */
    static JsonNode read(ServerRequest req) {
        long declared = req.headers().contentLength().orElse(-1);
        if (declared > MAX_BODY) {
            throw tooLarge(declared);
        }
        JsonNode body;
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes;
            if (declared >= 0) { // read straight into one array of the declared size, no chunks to join
                bytes = new byte[(int) declared];
                int read = in.readNBytes(bytes, 0, bytes.length);
                bytes = read == bytes.length ? bytes : Arrays.copyOf(bytes, read); // cut off: JSON says where
            } else {
                bytes = in.readNBytes(MAX_BODY + 1); // a chunked body has no declared length
                if (bytes.length > MAX_BODY) {
                    throw tooLarge(-1);
                }
            }
            body = RequestBody.parse(bytes);
        } catch (StreamConstraintsException e) {
            // Nesting or size beyond Jackson's limits; such errors carry no location.
            throw ApiError.invalidRequest("The request body is not acceptable JSON: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ApiError.invalidRequest("The request body is not valid JSON" + (e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")")
                    + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiError.invalidRequest("The request body could not be read: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw ApiError.invalidRequest("The request body must be a JSON object with model, messages and max_tokens.");
        }
        return body;
    }

    private static ApiError tooLarge(long length) {
        String size = length < 0 ? "larger than " + (MAX_BODY >> 20) + " MB"
                : String.format(Locale.ROOT, "%.1f MB", length / 1048576.0);
        return new ApiError(413, "request_too_large", "The request body is " + size
                + "; this proxy, like the Anthropic API, accepts at most " + (MAX_BODY >> 20) + " MB per request. Leave out large"
                + " attachments, or shorten the conversation (/compact or /clear in Claude Code).");
    }
}
