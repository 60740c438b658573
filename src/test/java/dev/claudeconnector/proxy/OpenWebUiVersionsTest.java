package dev.claudeconnector.proxy;

import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.PermissionDeniedException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The version table: a WireMock Open WebUI per behaviour class ({@link OpenWebUiVersion}), each
 * driven by the official Anthropic SDK, streaming and not. Claude Code must get the same, usable
 * answer from every version: text, tool calls it offered, and errors it knows how to act on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenWebUiVersionsTest {
    ProxyHarness h;

    @BeforeAll
    void start(@TempDir Path dir) {
        h = ProxyHarness.start(dir);
    }

    @AfterAll
    void stop() {
        h.close();
    }

    @BeforeEach
    void reset() {
        h.webui.resetAll();
    }

    static Stream<Arguments> versionsAndModes() {
        return Arrays.stream(OpenWebUiVersion.values())
                .flatMap(v -> Stream.of(Arguments.of(v, false), Arguments.of(v, true)));
    }

    private static MessageCreateParams.Builder request() {
        return MessageCreateParams.builder().model("claude-sonnet-4").maxTokens(100).addUserMessage("hi");
    }

    /** The message as Claude Code would see it: whole, or accumulated from the stream by the SDK. */
    private Message send(MessageCreateParams params, boolean stream) {
        if (!stream) {
            return h.sdk().messages().create(params);
        }
        try (StreamResponse<RawMessageStreamEvent> events = h.sdk().messages().createStreaming(params)) {
            MessageAccumulator acc = MessageAccumulator.create();
            events.stream().forEach(acc::accumulate);
            return acc.message();
        }
    }

    private void upstreamAnswers(OpenWebUiVersion v, boolean stream, String text) {
        h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).willReturn(stream
                ? OpenWebUiVersion.sse(v.stream(text.substring(0, 5), text.substring(5)))
                : OpenWebUiVersion.json(200, completion("{\"role\":\"assistant\",\"content\":" + OpenWebUiVersion.quote(text) + "}"))));
    }

    private void upstreamAnswers(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).willReturn(response));
    }

    static String completion(String message) {
        return "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
                + "\"message\":" + message + "}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3}}";
    }

    private static String text(Message m) {
        return m.content().stream().filter(ContentBlock::isText).map(b -> b.asText().text()).reduce("", String::concat);
    }

    @ParameterizedTest(name = "{0} stream={1}")
    @MethodSource("versionsAndModes")
    void answersArriveWholeAndWellFormed(OpenWebUiVersion v, boolean stream) {
        upstreamAnswers(v, stream, "Hello from " + v);
        Message m = send(request().build(), stream);
        assertEquals("Hello from " + v, text(m));
        assertEquals(StopReason.END_TURN, m.stopReason().orElseThrow());
        JsonNode sent = h.upstreamBodies().getFirst();
        assertEquals("legacy", sent.path("params").path("function_calling").asText(), sent.toString());
    }

    @ParameterizedTest(name = "{0} stream={1}")
    @MethodSource("versionsAndModes")
    void aRejectedTokenAsksToSignInAgain(OpenWebUiVersion v, boolean stream) {
        upstreamAnswers(v.tokenRejected());
        var e = assertThrows(UnauthorizedException.class, () -> send(request().build(), stream));
        assertTrue(e.getMessage().contains("Sign in with 'java -jar target/agent.jar login'"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} stream={1}")
    @MethodSource("versionsAndModes")
    void aPendingAccountIsAPermissionErrorNamingTheAdministrator(OpenWebUiVersion v, boolean stream) {
        upstreamAnswers(v.pendingAccount());
        var e = assertThrows(PermissionDeniedException.class, () -> send(request().build(), stream));
        assertTrue(e.getMessage().contains("administrator"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} stream={1}")
    @MethodSource("versionsAndModes")
    void throttlingIsARateLimitClaudeCodeRetries(OpenWebUiVersion v, boolean stream) {
        upstreamAnswers(v.providerError(429, "An error occurred (ThrottlingException) when calling the Converse"
                + " operation: Too many requests, please wait before trying again."));
        var e = assertThrows(RateLimitException.class, () -> send(request().build(), stream));
        assertTrue(e.getMessage().contains("ThrottlingException"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} stream={1}")
    @MethodSource("versionsAndModes")
    void aConnectionErrorUpstreamIsRetryable(OpenWebUiVersion v, boolean stream) {
        upstreamAnswers(v.connectionError());
        var e = assertThrows(AnthropicServiceException.class, () -> send(request().build(), stream));
        assertTrue(e.statusCode() >= 500, e.statusCode() + " " + e.getMessage());
    }

    @ParameterizedTest(name = "{0} stream={1}")
    @MethodSource("versionsAndModes")
    void aContextOverflowCarriesTheProviderTextSoClaudeCodeCompacts(OpenWebUiVersion v, boolean stream) {
        upstreamAnswers(v.providerError(400, "Input is too long for requested model."));
        var e = assertThrows(BadRequestException.class, () -> send(request().build(), stream));
        assertTrue(e.getMessage().contains("Input is too long for requested model."), e.getMessage());
    }

    @ParameterizedTest(name = "{0} stream={1}")
    @MethodSource("versionsAndModes")
    void anUnknownModelPointsToTheModelsCommand(OpenWebUiVersion v, boolean stream) {
        upstreamAnswers(OpenWebUiVersion.json(400, "{\"detail\":\"Model not found\"}")); // main.py, every version
        var e = assertThrows(NotFoundException.class, () -> send(request().build(), stream));
        assertTrue(e.getMessage().contains("java -jar target/agent.jar models"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} stream={1}")
    @MethodSource("versionsAndModes")
    void claudeCodeNeverGetsAToolItDidNotOffer(OpenWebUiVersion v, boolean stream) {
        String call = v.replacesTools() ? "get_current_timestamp" : "Read";
        upstreamAnswers(toolCall(stream, "Checking.", call));
        MessageCreateParams withTools = request().addTool(ProxyHarness.tool("Read")).build();
        if (v.replacesTools()) {
            AnthropicServiceException e = assertThrows(AnthropicServiceException.class, () -> send(withTools, stream));
            assertTrue(e.getMessage().contains("replaced Claude Code's tools"), e.getMessage());
        } else {
            Message m = send(withTools, stream);
            assertEquals(StopReason.TOOL_USE, m.stopReason().orElseThrow());
            assertEquals("Read", m.content().get(1).asToolUse().name());
        }
    }

    @ParameterizedTest(name = "{0} stream={1}")
    @MethodSource("versionsAndModes")
    void aToolLessRequestGetsTheTextWithoutInjectedCalls(OpenWebUiVersion v, boolean stream) {
        upstreamAnswers(v.injectsToolsIntoToolLessRequests() ? toolCall(stream, "It is noon.", "get_current_timestamp")
                : toolCall(stream, "It is noon.", null));
        Message m = send(request().build(), stream);
        assertEquals("It is noon.", text(m));
        assertFalse(m.content().stream().anyMatch(ContentBlock::isToolUse));
        assertEquals(StopReason.END_TURN, m.stopReason().orElseThrow());
    }

    /** Text, then (when {@code tool} is set) one call to it. */
    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder toolCall(boolean stream, String text,
                                                                                            String tool) {
        String call = tool == null ? "" : "{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\""
                + tool + "\",\"arguments\":\"{\\\"file_path\\\":\\\"/a\\\"}\"}}";
        String finish = tool == null ? "stop" : "tool_calls";
        if (!stream) {
            return OpenWebUiVersion.json(200, completion("{\"role\":\"assistant\",\"content\":" + OpenWebUiVersion.quote(text)
                    + (tool == null ? "" : ",\"tool_calls\":[" + call + "]") + "}").replace("\"stop\"", "\"" + finish + "\""));
        }
        return OpenWebUiVersion.sse(Sse.openAiStream(true,
                OpenWebUiVersion.chunk("{\"content\":" + OpenWebUiVersion.quote(text) + "}", null),
                tool == null ? OpenWebUiVersion.chunk("{}", null) : OpenWebUiVersion.chunk("{\"tool_calls\":[" + call + "]}", null),
                OpenWebUiVersion.chunk("{}", finish)));
    }
}
