package dev.claudeconnector.proxy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/**
 * How Open WebUI versions answer {@code POST /api/chat/completions}, one per behaviour class, as
 * read in its backend (files named per behaviour). A stand-in must be as unkind as the real thing.
 */
enum OpenWebUiVersion {
    /** 0.5 – 0.6.18: no token → 403 "Not authenticated" (utils/auth.py); every failure → 400 {"detail": str(e)} (main.py). */
    V0_6_18("0.6.18"),
    /** 0.6.27 – 0.6.41: provider 4xx kept (routers/openai.py), other failures → 200 null (main.py process_chat); sources event first. */
    V0_6_36("0.6.36"),
    /** 0.7.0 – 0.8.3: native function calling replaces the caller's tools by built-ins (utils/middleware.py); pipes end "stop" + [DONE]. */
    V0_8_0("0.8.0"),
    /** 0.8.4 – 0.9.6: built-ins injected into tool-less requests; 0.9+ wraps provider failures as 400 {"detail"} (main.py). */
    V0_9_2("0.9.2"),
    /** 0.10: built-ins only with session_id; revoked tokens → 401 "Invalid token"; still 400-wrapped errors. */
    V0_10_2("0.10.2");

    final String version;

    OpenWebUiVersion(String version) {
        this.version = version;
    }

    @Override
    public String toString() {
        return version;
    }

    boolean wrapsProviderErrorsAs400() {
        return this == V0_6_18 || this == V0_9_2 || this == V0_10_2;
    }

    /** How it refuses an expired, revoked or missing token (utils/auth.py get_current_user). */
    ResponseDefinitionBuilder tokenRejected() {
        return switch (this) {
            case V0_6_18 -> json(403, "{\"detail\":\"Not authenticated\"}");
            case V0_10_2 -> json(401, "{\"detail\":\"Invalid token\"}");
            default -> json(401, "{\"detail\":\"401 Unauthorized\"}");
        };
    }

    /** A pending account: get_verified_user answers 401 ERROR_MESSAGES.ACCESS_PROHIBITED (constants.py). */
    ResponseDefinitionBuilder pendingAccount() {
        return json(401, "{\"detail\":\"You do not have permission to access this resource. Please contact your"
                + " administrator for assistance.\"}");
    }

    /** A provider error with its own status and message, as this version passes it on. */
    ResponseDefinitionBuilder providerError(int providerStatus, String message) {
        if (wrapsProviderErrorsAs400()) {
            String detail = this == V0_6_18 ? providerStatus + ": " + message : message; // str(HTTPException)
            return json(400, "{\"detail\":" + quote(detail) + "}");
        }
        if (providerStatus >= 500) {
            return json(200, "null"); // the failure is only logged; the endpoint returns None
        }
        return json(providerStatus, "{\"error\":{\"message\":" + quote(message) + "}}");
    }

    /** Open WebUI could not reach its provider at all. */
    ResponseDefinitionBuilder connectionError() {
        return providerError(500, "Open WebUI: Server Connection Error");
    }

    /** Whether a request with the caller's tools may be answered with a call to a built-in tool. */
    boolean replacesTools() {
        return this == V0_8_0;
    }

    /** Whether a request without tools may be answered with a call to a built-in tool. */
    boolean injectsToolsIntoToolLessRequests() {
        return this == V0_8_0 || this == V0_9_2;
    }

    /** An SSE body of text chunks shaped as this version sends it. */
    String stream(String... texts) {
        StringBuilder sb = new StringBuilder();
        if (this != V0_6_18) {
            // utils/middleware.py process_chat_response yields its events before the provider's stream
            sb.append("data: {\"sources\":[{\"source\":{\"name\":\"kb\"},\"document\":[\"d\"]}]}\n\n");
        }
        for (String t : texts) {
            sb.append("data: ").append(chunk("{\"content\":" + quote(t) + "}", null)).append("\n\n");
            if (this == V0_9_2) {
                sb.append("data: {}\n\n"); // an over-long line the middleware could not pass on
            }
        }
        boolean pipe = this == V0_8_0 || this == V0_10_2;
        sb.append("data: ").append(chunk("{}", "stop")).append("\n\n");
        if (pipe) {
            // functions.py generate_function_chat_completion: a final "stop" chunk, then [DONE] without a newline
            sb.append("data: ").append(chunk("{}", "stop")).append("\n\n").append("data: [DONE]");
        } else {
            sb.append("data: [DONE]\n\n");
        }
        return sb.toString();
    }

    static String chunk(String delta, String finishReason) {
        return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":" + (finishReason == null ? "null" : quote(finishReason)) + "}]}";
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    static ResponseDefinitionBuilder sse(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body);
    }

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
