package dev.claudeconnector.proxy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import java.nio.file.Path;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.not;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * A scripted model behind a WireMock Open WebUI for the real Claude Code CLI: asked the prompt
 * {@link #PROMPT}, it answers with two parallel Write tool calls in one stream, then, once the
 * tool results come back, with {@link #DONE}. Anything else Claude Code asks gets a short "ok".
 */
public final class ClaudeCodeScript {
    public static final String PROMPT = "WRITE-TWO-FILES: create alpha.txt and beta.txt";
    public static final String DONE = "Both files are written.";

    private ClaudeCodeScript() {
    }

    /** Stubs {@code webui} so a Claude Code session in {@code project} writes alpha.txt and beta.txt there. */
    public static void writeTwoFiles(WireMockServer webui, Path project) {
        String a = project.resolve("alpha.txt").toString();
        String b = project.resolve("beta.txt").toString();
        String calls = Sse.openAiStream(true,
                chunk("{\"role\":\"assistant\",\"content\":\"I will write both files.\"}", null),
                chunk(toolCall(0, "call_w1", a, "alpha"), null),
                chunk(toolCall(1, "call_w2", b, "beta"), null),
                chunk("{}", "tool_calls"),
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":60}}");
        String done = Sse.openAiStream(true,
                chunk("{\"role\":\"assistant\",\"content\":\"" + DONE + "\"}", null),
                chunk("{}", "stop"),
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":8}}");
        webui.stubFor(post(urlEqualTo("/api/chat/completions")).atPriority(10)
                .willReturn(sse(Sse.openAiStream(true, chunk("{\"content\":\"ok\"}", "stop")))));
        webui.stubFor(post(urlEqualTo("/api/chat/completions")).atPriority(2)
                .withRequestBody(containing("WRITE-TWO-FILES"))
                .withRequestBody(not(matchingJsonPath("$.messages[?(@.role == 'tool')]")))
                .willReturn(sse(calls)));
        webui.stubFor(post(urlEqualTo("/api/chat/completions")).atPriority(1)
                .withRequestBody(containing("WRITE-TWO-FILES"))
                .withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]"))
                .willReturn(sse(done)));
    }

    private static ResponseDefinitionBuilder sse(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body);
    }

    private static String chunk(String delta, String finish) {
        return "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }

    private static String toolCall(int index, String id, String path, String content) {
        String args = "{\\\"file_path\\\": \\\"" + path + "\\\", \\\"content\\\": \\\"" + content + "\\\"}";
        return "{\"tool_calls\":[{\"index\":" + index + ",\"id\":\"" + id + "\",\"type\":\"function\","
                + "\"function\":{\"name\":\"Write\",\"arguments\":\"" + args + "\"}}]}";
    }
}
