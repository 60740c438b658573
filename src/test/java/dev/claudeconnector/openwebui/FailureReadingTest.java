package dev.claudeconnector.openwebui;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one reading of Open WebUI's failures: status and body, errors inside 2xx answers, exceptions. */
class FailureReadingTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // utils/auth.py: expired or badly signed token, revoked token, no token (403 up to 0.6.18, 401 after)
            "401 | {\"detail\":\"401 Unauthorized\"}                     | TokenRejected",
            "401 | {\"detail\":\"Invalid token\"}                        | TokenRejected",
            "403 | {\"detail\":\"Not authenticated\"}                    | TokenRejected",
            // get_verified_user: a pending account (constants.py ACCESS_PROHIBITED)
            "401 | {\"detail\":\"You do not have permission to access this resource. Please contact your administrator for assistance.\"} | NoPermission",
            "403 | {\"detail\":\"Forbidden\"}                            | NoPermission",
            // main.py chat_completion: unknown or forbidden model, every version
            "400 | {\"detail\":\"Model not found\"}                      | ModelNotFound",
            "404 | {\"detail\":\"Not Found\"}                            | ModelNotFound",
            // 0.9+: provider failures wrapped as 400 {"detail": str(e)}
            "400 | {\"detail\":\"An error occurred (ThrottlingException) when calling the ConverseStream operation: Too many requests, please wait before trying again.\"} | RateLimited",
            "400 | {\"detail\":\"429: rate limit exceeded\"}             | RateLimited",
            "400 | {\"detail\":\"Open WebUI: Server Connection Error\"}   | ServerError",
            "400 | {\"detail\":\"Request timed out\"}                    | ServerError",
            "400 | {\"detail\":\"500: Internal Server Error\"}           | ServerError",
            "400 | {\"detail\":\"ServiceUnavailableException: Service Unavailable\"} | Overloaded",
            "400 | {\"detail\":\"Input is too long for requested model.\"} | ContextTooLong",
            "400 | {\"detail\":\"prompt is too long: 210000 tokens > 200000 maximum\"} | ContextTooLong",
            "400 | {\"detail\":\"This request has too many tokens\"}     | ContextTooLong",
            "400 | {\"detail\":\"temperature: must be at most 1\"}       | Rejected",
            "422 | {\"detail\":[{\"loc\":[\"body\"],\"msg\":\"bad\"}]}   | Rejected",
            // up to 0.8: the provider's own status passes through
            "413 | too big                                                | TooLarge",
            "429 | {\"error\":{\"message\":\"slow down\"}}                | RateLimited",
            "503 | busy                                                   | Overloaded",
            "529 | busy                                                   | Overloaded",
            "500 | <html>Internal Server Error</html>                     | ServerError",
            "502 | bad gateway                                            | ServerError",
            "302 | ''                                                     | NotOpenWebUi",
    })
    void statusAndBodyAreReadTogether(int status, String body, String expected) {
        OpenWebUiFailure f = FailureReading.ofStatus(status, body, Optional.of("7"));
        assertEquals(expected, f.getClass().getSimpleName(), f.toString());
        assertEquals(status, f.status());
    }

    @Test
    void contextOverflowTextIsKeptWhole() {
        String text = "Input is too long for requested model. " + "x".repeat(600);
        OpenWebUiFailure f = FailureReading.ofStatus(400, "{\"detail\":\"" + text + "\"}", Optional.empty());
        assertEquals(text, f.detail());
        OpenWebUiFailure other = FailureReading.ofStatus(400, "{\"detail\":\"" + "y".repeat(600) + "\"}", Optional.empty());
        assertTrue(other.detail().length() < 310, other.detail());
    }

    @Test
    void retryAfterTravelsWithRateLimits() {
        var limited = (OpenWebUiFailure.RateLimited) FailureReading.ofStatus(429, "", Optional.of("12"));
        assertEquals(Optional.of("12"), limited.retryAfter());
    }

    @ParameterizedTest(name = "200 {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // ≤ 0.8.x: a failed model answers HTTP 200 null (main.py process_chat)
            "null                                                        | ServerError",
            // functions.py generate_function_chat_completion: pipes report errors this way
            "{\"error\":{\"detail\":\"pipe crashed\"}}                  | ServerError",
            "{\"error\":{\"detail\":\"ThrottlingException: slow down\"}} | RateLimited",
            "{\"error\":\"Input is too long for requested model.\"}     | ContextTooLong",
            "{\"error\":{\"message\":\"overloaded\",\"type\":\"overloaded_error\"}} | Overloaded",
            "{\"detail\":\"Model not found\"}                           | ModelNotFound",
    })
    void errorsInsideA2xxAnswerAreFound(String body, String expected) throws IOException {
        OpenWebUiFailure f = FailureReading.inAnswer(JSON.readTree(body)).orElseThrow();
        assertEquals(expected, f.getClass().getSimpleName(), f.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}",
            "{\"sources\":[{\"source\":{\"name\":\"doc\"}}]}",
            "{}",
            "{\"error\":null,\"choices\":[]}",
    })
    void ordinaryChunksCarryNoError(String body) throws IOException {
        assertTrue(FailureReading.inAnswer(JSON.readTree(body)).isEmpty());
    }

    @Test
    void exceptionsAreReadFromTheCauseChain() {
        var f = FailureReading.ofException(new RuntimeException("wrapped", new ConnectException("Connection refused")));
        assertEquals(OpenWebUiFailure.Unreachable.Reason.CONNECT, f.reason());
        assertInstanceOf(OpenWebUiFailure.Unreachable.class, FailureReading.ofException(new IllegalStateException()));
        assertEquals(OpenWebUiFailure.Unreachable.Reason.UNKNOWN_HOST, FailureReading.ofException(
                new IllegalArgumentException("Failed to get address for host owui.invalid")).reason());
    }
}
