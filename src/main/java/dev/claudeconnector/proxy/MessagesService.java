package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudeconnector.auth.Credentials;
import dev.claudeconnector.auth.SignInAdvice;
import dev.claudeconnector.auth.SignInException;
import dev.claudeconnector.auth.TokenRefresher;
import dev.claudeconnector.config.ModelSpec;
import dev.claudeconnector.json.JsonTrees;
import dev.claudeconnector.models.ModelCatalog;
import dev.claudeconnector.openwebui.ChatAnswer;
import dev.claudeconnector.openwebui.ChatRequest;
import dev.claudeconnector.openwebui.OpenWebUiException;
import dev.claudeconnector.openwebui.OpenWebUiFailure;
import dev.claudeconnector.translate.ForeignToolCall;
import dev.claudeconnector.translate.ForeignToolCallException;
import dev.claudeconnector.translate.InvalidRequestException;
import dev.claudeconnector.translate.OpenAiRequest;
import dev.claudeconnector.translate.RequestTranslator;
import dev.claudeconnector.translate.ResponseTranslator;
import dev.claudeconnector.translate.SseEvent;
import dev.claudeconnector.translate.StreamTranslator;
import dev.claudeconnector.translate.ToolNames;
import dev.claudeconnector.translate.UpstreamFormatException;
import dev.claudeconnector.translate.UpstreamTarget;
import dev.claudeconnector.translate.WholeMessageEvents;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * {@code POST /v1/messages} and {@code POST /v1/messages/count_tokens}: parse once, pick the
 * model, translate, call Open WebUI, translate back (streamed or whole).
 */
final class MessagesService implements HttpService {
    private static final System.Logger LOG = System.getLogger(MessagesService.class.getName());

    /** How often a request waiting for a renewal looks whether a person is being asked, and pings. */
    private static final Duration WAIT_STEP = Duration.ofMillis(250);

    private final ProxyContext ctx;
    /** Models already reported for calling Open WebUI's own tools: one warning each, not one per request. */
    private final Set<String> foreignToolModels = ConcurrentHashMap.newKeySet();

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
        String how = null; // how a call to Open WebUI ended badly, for the log
        ClientStream client = new ClientStream(res);
        try {
            Translated translated = translated(req);
            ModelCatalog.Resolution resolution = translated.resolution();
            ModelSpec model = resolution.model();
            ChatRequest upstreamRequest = translated.request();
            Call call = new Call(resolution.requested(), model, upstreamRequest.stream());
            log = ctx.log().start(call.requested(), model.upstreamId(), call.stream(), started);
            String messageId = messageId();
            StreamTranslator translator = new StreamTranslator(messageId, call.requested(),
                    translated.toolNames(), translated.estimatedTokens());
            // While a person signs in, a stream is started and pinged so Claude Code keeps waiting.
            Runnable whileWaiting = call.stream() ? () -> {
                if (!client.started()) {
                    client.channel().send(translator.start());
                }
                client.channel().pingIfIdle(ctx.settings().pingInterval().toNanos());
            } : () -> { };
            try (ChatAnswer upstream = sendRenewingToken(upstreamRequest, call, whileWaiting)) {
                if (call.stream() && upstream.isEventStream()) {
                    stream(client, upstream, translator, call, log);
                } else {
                    whole(client, res, upstream, messageId, call, translated.toolNames(), log);
                }
            } catch (OpenWebUiException e) {
                how = e.failure() instanceof OpenWebUiFailure.Unreachable u
                        ? StreamRelay.Outcome.of(u).map(o -> o.words).orElse(null) : null;
                throw ctx.error(e.failure(), model.upstreamId());
            }
        } catch (ApiError e) {
            // A request rejected before its model was known still gets its log line.
            RequestLog.Entry entry = log != null ? log : ctx.log().start("-", "-", false, started);
            if (how == null) {
                entry.failed(e.status(), e.type());
            } else {
                entry.failed(e.status(), e.type(), how);
            }
            if (!client.started()) {
                throw e;
            }
            client.channel().send(List.of(StreamTranslator.error(e.type(), e.getMessage())));
            client.channel().close();
        }
    }

    /**
     * Sends the request; when Open WebUI rejects the token, gets a renewed one (one renewal for all
     * waiting requests) and replays the request once. The serialised body is kept for exactly that
     * replay. An account Open WebUI refuses for lack of permission is not renewed: a new token of
     * the same account cannot help. While a person signs in in a visible window, {@code whileWaiting}
     * runs every few hundred milliseconds.
     */
    private ChatAnswer sendRenewingToken(ChatRequest request, Call call, Runnable whileWaiting) {
        Credentials.WebUiSession session = ctx.credentials().webUiSession().orElseThrow(() -> ApiError.authentication(
                "No Open WebUI session token yet. " + SignInAdvice.signIn(ctx.settings().authFile())));
        String token = session.token();
        try {
            return ctx.upstream().chat(request, token, session.oauthSessionId());
        } catch (OpenWebUiException e) {
            if (!(e.failure() instanceof OpenWebUiFailure.TokenRejected) || ctx.refresher().isEmpty()) {
                throw e;
            }
        }
        TokenRefresher refresher = ctx.refresher().get();
        String renewed;
        try {
            CompletableFuture<String> renewal = refresher.renewalAfterRejection(token);
            while (!renewal.isDone()) {
                try {
                    renewal.get(WAIT_STEP.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillSigningIn) {
                    if (refresher.waitingForPerson()) {
                        whileWaiting.run();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw ApiError.api("The proxy was stopped while the request waited for a sign-in.");
                } catch (ExecutionException failed) {
                    break; // await() below words it
                }
            }
            renewed = refresher.await(renewal);
        } catch (SignInException e) {
            throw ApiError.authentication("Open WebUI rejected the session token and renewing it failed: "
                    + e.getMessage());
        }
        return ctx.upstream().chat(request, renewed, ctx.credentials().oauthSessionId());
    }

    private void stream(ClientStream client, ChatAnswer upstream, StreamTranslator translator, Call call,
                        RequestLog.Entry log) {
        client.onClientGone(upstream::close);
        SseChannel channel = client.channel();
        StreamRelay.Result result = null;
        ctx.inFlight().streamStarted();
        try {
            result = ctx.relay().relay(upstream, translator, channel,
                    failure -> ctx.error(failure, call.model().upstreamId()),
                    foreign -> foreignToolCall(foreign, call));
            channel.close();
        } finally {
            ctx.inFlight().streamEnded();
            // Also when the server ends the request early (the client left while the upstream was being read).
            log.streamed(result != null ? result : new StreamRelay.Result(channel.isGone()
                    ? StreamRelay.Outcome.CLIENT_GONE : StreamRelay.Outcome.CUT_OFF, "ended early"), translator.usage());
        }
    }

    /**
     * A non-streaming answer, or a stream request the upstream answered with plain JSON (Open WebUI
     * does that for errors, and answers {@code null} when a model or pipe fails).
     */
    private void whole(ClientStream client, ServerResponse res, ChatAnswer upstream, String messageId, Call call,
                       ToolNames toolNames, RequestLog.Entry log) {
        JsonNode answer = upstream.completion();
        ObjectNode message;
        try {
            message = ResponseTranslator.toAnthropic(answer, messageId, call.requested(), toolNames);
        } catch (ForeignToolCallException e) {
            throw foreignToolCall(e.call(), call);
        } catch (UpstreamFormatException e) {
            throw ApiError.api("Open WebUI's answer could not be used: " + e.getMessage());
        }
        if (call.stream()) {
            // The client asked for a stream: give it one, built from the whole message (its start
            // already sent when the request waited for a sign-in).
            List<SseEvent> events = WholeMessageEvents.events(message);
            client.channel().send(client.started() && !events.isEmpty() ? events.subList(1, events.size()) : events);
            client.channel().close();
        } else {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(JsonTrees.bytes(message));
        }
        log.completed(200, message.path("usage"));
    }

    private ApiError foreignToolCall(ForeignToolCall foreign, Call call) {
        ApiError error = UpstreamErrors.of(foreign, call.model().upstreamId());
        if (foreignToolModels.add(call.model().upstreamId())) {
            LOG.log(System.Logger.Level.WARNING, "model {0}: {1}", call.model().upstreamId(), error.getMessage());
        }
        return error;
    }

    private void countTokens(ServerRequest req, ServerResponse res) {
        JsonNode body = ClientBody.read(req);
        ModelSpec model = ctx.catalog().resolve(requestedModel(body)).model();
        OpenAiRequest translated = translate(RequestTranslator::forCounting, body, model);
        ObjectNode answer = JsonTrees.object();
        answer.put("input_tokens", ctx.tokens().count(translated.body()));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(JsonTrees.bytes(answer));
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

    /** A request as Open WebUI will get it; the client's JSON tree is not kept past this (nor while waiting on Open WebUI). */
    private record Translated(ModelCatalog.Resolution resolution, ChatRequest request, ToolNames toolNames,
                              int estimatedTokens) {
    }

    private Translated translated(ServerRequest req) {
        JsonNode body = ClientBody.read(req);
        ModelCatalog.Resolution resolution = ctx.catalog().resolve(requestedModel(body));
        OpenAiRequest openAi = translate(RequestTranslator::toOpenAi, body, resolution.model());
        int clientLength = (int) Math.min(req.headers().contentLength().orElse(0), ClientBody.MAX_BODY);
        return new Translated(resolution, ChatRequest.of(openAi.body(), clientLength), openAi.toolNames(),
                estimateTokens(req, body));
    }

    /** A message id in the API's shape; unique, not secret, so no SecureRandom (whose first use costs a start ~0.1 s). */
    private static String messageId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "msg_" + HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
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

    /** Cheap size-based estimate for message_start; the real count arrives with the final usage. */
    private static int estimateTokens(ServerRequest req, JsonNode body) {
        long length = req.headers().contentLength().orElseGet(() -> JsonTrees.text(body).length());
        return (int) Math.min(Integer.MAX_VALUE, length / 4);
    }
}
