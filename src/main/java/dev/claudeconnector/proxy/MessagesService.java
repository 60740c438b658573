package dev.claudeconnector.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudeconnector.auth.SignInException;
import dev.claudeconnector.config.ModelSpec;
import dev.claudeconnector.models.ModelCatalog;
import dev.claudeconnector.translate.InvalidRequestException;
import dev.claudeconnector.translate.OpenAiRequest;
import dev.claudeconnector.translate.RequestTranslator;
import dev.claudeconnector.translate.ResponseTranslator;
import dev.claudeconnector.translate.StreamReplay;
import dev.claudeconnector.translate.StreamTranslator;
import dev.claudeconnector.translate.UpstreamFormatException;
import dev.claudeconnector.translate.UpstreamTarget;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * {@code POST /v1/messages} and {@code POST /v1/messages/count_tokens}: parse once, pick the
 * model, translate, call Open WebUI, translate back (streamed or whole).
 */
final class MessagesService implements HttpService {
    private final ProxyContext ctx;

    MessagesService(ProxyContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/v1/messages", this::messages)
                .post("/v1/messages/count_tokens", this::countTokens);
    }

    /** What one request turned into, for the request log. */
    private record Call(String requested, ModelSpec model, boolean stream) {
    }

    private void messages(ServerRequest req, ServerResponse res) {
        long started = System.nanoTime();
        RequestLog.Entry log = null;
        try {
            JsonNode body = readBody(req);
            ModelCatalog.Resolution resolution = ctx.catalog().resolve(requestedModel(body));
            ModelSpec model = resolution.model();
            OpenAiRequest upstreamRequest = translate(RequestTranslator::toOpenAi, body, model);
            Call call = new Call(resolution.requested(), model, upstreamRequest.stream());
            log = ctx.log().start(call.requested(), model.upstreamId(), call.stream(), started);
            String messageId = "msg_" + UUID.randomUUID().toString().replace("-", "");
            HttpClientResponse upstream = sendRenewingToken(upstreamRequest, call);
            try (upstream) {
                int status = upstream.status().code();
                if (status < 200 || status > 299) {
                    throw UpstreamErrors.fromStatus(status, UpstreamClient.readErrorBody(upstream),
                            upstream.headers().first(HeaderNames.RETRY_AFTER).orElse(null),
                            model.upstreamId(), ctx.settings().authFile().toString());
                }
                if (call.stream() && isEventStream(upstream)) {
                    stream(res, upstream, new StreamTranslator(messageId, call.requested(),
                            upstreamRequest.toolNames(), estimateTokens(req, body)), log);
                } else {
                    whole(res, upstream, messageId, call, upstreamRequest, log);
                }
            }
        } catch (ApiError e) {
            // A request rejected before its model was known still gets its log line.
            (log != null ? log : ctx.log().start("-", "-", false, started)).failed(e.status(), e.type());
            throw e;
        }
    }

    /**
     * Sends the request; when Open WebUI rejects the token (401, or 403 "Not authenticated" from
     * older versions), gets a renewed one (one renewal for all waiting requests) and replays the
     * request once. The translated body is kept for exactly that replay.
     */
    private HttpClientResponse sendRenewingToken(OpenAiRequest request, Call call) {
        String authFile = ctx.settings().authFile().toString();
        String token = ctx.credentials().token().orElseThrow(() -> ApiError.authentication(
                "No Open WebUI session token yet. " + UpstreamErrors.loginAdvice(authFile)));
        HttpClientResponse first = ctx.upstream().send(request.body(), token, call.stream());
        int status = first.status().code();
        if (status != 401 && status != 403) {
            return first;
        }
        String body;
        String retryAfter = first.headers().first(HeaderNames.RETRY_AFTER).orElse(null);
        try (first) {
            body = UpstreamClient.readErrorBody(first);
        }
        boolean tokenRejected = status == 401 || UpstreamErrors.detail(body).toLowerCase(Locale.ROOT).contains("not authenticated");
        if (!tokenRejected || ctx.refresher().isEmpty()) {
            throw UpstreamErrors.fromStatus(status, body, retryAfter, call.model().upstreamId(), authFile);
        }
        String renewed;
        try {
            renewed = ctx.refresher().get().tokenAfterRejection(token);
        } catch (SignInException e) {
            throw ApiError.authentication("Open WebUI rejected the session token and renewing it failed: "
                    + e.getMessage());
        }
        return ctx.upstream().send(request.body(), renewed, call.stream());
    }

    private void stream(ServerResponse res, HttpClientResponse upstream, StreamTranslator translator, RequestLog.Entry log) {
        SseChannel client = new SseChannel(startStream(res), upstream::close);
        StreamRelay.Result result = ctx.relay().relay(upstream, translator, client);
        client.close();
        log.streamed(result, translator.usage());
    }

    /**
     * A non-streaming answer, or a stream request the upstream answered with plain JSON (Open WebUI
     * does that for errors, and answers {@code null} when a model or pipe fails).
     */
    private void whole(ServerResponse res, HttpClientResponse upstream, String messageId, Call call,
                       OpenAiRequest request, RequestLog.Entry log) {
        JsonNode answer;
        try (InputStream in = upstream.inputStream()) {
            byte[] bytes = in.readAllBytes();
            answer = bytes.length == 0 ? null : ctx.json().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiError.api("Open WebUI answered with something that is not JSON. Check the upstream URL ("
                    + ctx.upstream().baseUrl() + ") points at Open WebUI itself.");
        } catch (IOException e) {
            throw UpstreamErrors.fromFailure(e, ctx.upstream().baseUrl());
        }
        if (answer == null || answer.isNull() || answer.isMissingNode()) {
            throw ApiError.api("Open WebUI answered with an empty result (null) for model '" + call.model().upstreamId()
                    + "'. The model or its connection failed upstream; try again, or pick another model.");
        }
        ObjectNode message;
        try {
            message = ResponseTranslator.toAnthropic(answer, messageId, call.requested(), request.toolNames());
        } catch (UpstreamFormatException e) {
            throw ApiError.api("Open WebUI's answer could not be used: " + e.getMessage());
        }
        if (call.stream()) {
            // The client asked for a stream: give it one, built from the whole message.
            SseChannel client = new SseChannel(startStream(res), () -> { });
            client.send(StreamReplay.events(message));
            client.close();
        } else {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(ctx.jsonBytes(message));
        }
        log.completed(200, message.path("usage"));
    }

    private static OutputStream startStream(ServerResponse res) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        return res.outputStream();
    }

    private void countTokens(ServerRequest req, ServerResponse res) {
        JsonNode body = readBody(req);
        ModelSpec model = ctx.catalog().resolve(requestedModel(body)).model();
        OpenAiRequest translated = translate(RequestTranslator::forCounting, body, model);
        ObjectNode answer = ctx.json().createObjectNode();
        answer.put("input_tokens", ctx.tokens().count(translated.body()));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(ctx.jsonBytes(answer));
    }

    private JsonNode readBody(ServerRequest req) {
        JsonNode body;
        try (InputStream in = req.content().inputStream()) {
            body = ctx.json().readTree(in);
        } catch (JsonProcessingException e) {
            throw ApiError.invalidRequest("The request body is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiError.invalidRequest("The request body could not be read: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw ApiError.invalidRequest("The request body must be a JSON object with model, messages and max_tokens.");
        }
        return body;
    }

    private static String requestedModel(JsonNode body) {
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            throw ApiError.invalidRequest("model: Field required (a model id such as claude-sonnet-4-5).");
        }
        if (!model.isTextual()) {
            throw ApiError.invalidRequest("model: must be a string, not " + model.getNodeType().name().toLowerCase(Locale.ROOT) + ".");
        }
        return model.asText();
    }

    /** @param translator {@link RequestTranslator#toOpenAi} for a message, {@link RequestTranslator#forCounting} to count one */
    private static OpenAiRequest translate(BiFunction<JsonNode, UpstreamTarget, OpenAiRequest> translator,
                                           JsonNode body, ModelSpec model) {
        try {
            return translator.apply(body, new UpstreamTarget(model.upstreamId(), model.maxTokens(), model.extendedOptions()));
        } catch (InvalidRequestException e) {
            throw ApiError.invalidRequest(e.getMessage());
        }
    }

    private static boolean isEventStream(HttpClientResponse upstream) {
        return upstream.headers().contentType()
                .map(t -> t.mediaType().text().toLowerCase(Locale.ROOT).startsWith("text/event-stream"))
                .orElse(false);
    }

    /** Cheap size-based estimate for message_start; the real count arrives with the final usage. */
    private static int estimateTokens(ServerRequest req, JsonNode body) {
        long length = req.headers().contentLength().orElse(body.toString().length() * 1L);
        return (int) Math.min(Integer.MAX_VALUE, length / 4);
    }
}
