package dev.claudeconnector.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudeconnector.json.JsonTrees;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI chat-completion chunks to the exact Anthropic event sequence: {@code message_start}, then
 * per content block {@code content_block_start}, deltas, {@code content_block_stop} (indices 0, 1,
 * 2... and only one block open at a time), then {@code message_delta} and {@code message_stop}.
 * Events are produced as soon as they can be. Not thread-safe; one instance per response.
 *
 * <p>Ordering strategy. Anthropic blocks are sequential, while OpenAI may interleave parallel tool
 * calls (fragments keyed by {@code index}) or send a call's name after its first fragments. So:
 * <ul>
 * <li>A tool call streams live while its block is the open one. The open call is finished once its
 *     arguments form a complete JSON object ({@link ToolArgumentStream#complete()}): only then may
 *     another block start. Until then, anything else (other calls' fragments, text, reasoning)
 *     waits in arrival order and is emitted as soon as the open call completes. In the usual
 *     sequential case nothing waits at all.</li>
 * <li>A call whose name has not arrived cannot start its block; it and everything after it wait.</li>
 * <li>Fragments for a call whose block is closed can only follow its complete object (a repeat of
 *     the arguments some servers send); they are dropped.</li>
 * <li>{@link #finish()} flushes everything still waiting; a call that never got a name is emitted
 *     as {@value #UNNAMED_TOOL}, so Claude Code reports the failed call to the model instead of
 *     losing it.</li>
 * </ul>
 *
 * <p>Usage: from the last chunk that carries {@code usage} (Open WebUI may send it after the
 * finish_reason, or with no choices). When the upstream never reports usage, input is the
 * caller's estimate and output is roughly the emitted characters divided by four (a common
 * chars-per-token ratio), which keeps Claude Code's context meter plausible.
 */
public final class StreamTranslator {
    static final String UNNAMED_TOOL = "unnamed_tool_call";
    private static final int CHARS_PER_TOKEN = 4;

    private enum Kind { TEXT, THINKING, TOOL }

    /** Text or reasoning that arrived while a block it cannot interrupt was open. */
    private record WaitingRun(Kind kind, StringBuilder text) {
    }

    private final String messageId;
    private final String requestedModel;
    private final ToolNames names;
    private final int estimatedInputTokens;
    private final ToolCallIds ids;
    private final ToolCallRegistry calls = new ToolCallRegistry();
    /** Items (PendingToolCall or WaitingRun) that must be emitted after the open block, in order. */
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();

    private final ForeignToolCalls foreign;
    private boolean started;
    private boolean finished;
    private int nextIndex;
    private Kind openKind;
    private int openIndex;
    private PendingToolCall openCall;
    private int toolBlocks;
    private String finishReason;
    private JsonNode lastUsage;
    private long emittedChars;

    public StreamTranslator(String messageId, String requestedModel, ToolNames names, int estimatedInputTokens) {
        this.messageId = messageId;
        this.requestedModel = requestedModel;
        this.names = names == null ? ToolNames.none() : names;
        this.estimatedInputTokens = estimatedInputTokens;
        this.ids = new ToolCallIds(messageId);
        this.foreign = new ForeignToolCalls(this.names);
    }

    /** {@code message_start}; once. Call when the upstream accepted the request. */
    public List<SseEvent> start() {
        if (started) {
            return new ArrayList<>();
        }
        started = true;
        List<SseEvent> out = new ArrayList<>();
        out.add(StreamEvents.messageStart(messageId, requestedModel, estimatedInputTokens));
        return out;
    }

    /** The events for one parsed {@code data:} JSON object of the upstream stream. */
    public List<SseEvent> onChunk(JsonNode chunk) {
        if (finished) {
            return new ArrayList<>();
        }
        List<SseEvent> out = start();
        if (chunk == null || !chunk.isObject()) {
            return out;
        }
        JsonNode usage = chunk.get("usage");
        if (usage != null && usage.isObject()) {
            lastUsage = usage;
        }
        JsonNode choices = chunk.get("choices");
        if (choices == null || !choices.isArray()) {
            return out; // Open WebUI's own events ({"sources": ...}), usage-only chunks, errors (the caller's)
        }
        for (JsonNode choice : choices) {
            JsonNode index = choice.get("index");
            if (!choice.isObject() || (index != null && index.isNumber() && index.asInt() != 0)) {
                continue; // the client asked for one answer; other choices have no place in it
            }
            JsonNode delta = choice.get("delta");
            if (delta != null && delta.isObject()) {
                onDelta(delta, out);
            }
            String reason = Json.text(choice, "finish_reason");
            if (reason != null && !reason.isEmpty()) {
                finishReason = reason;
            }
        }
        return out;
    }

    /**
     * Closes what is open, flushes what waits, then {@code message_delta} and {@code message_stop}.
     * Idempotent. Emits no {@code message_delta} when the answer was nothing but a call to a tool the
     * request did not offer: then {@link #refusedToolCall()} says so and the caller ends the stream.
     */
    public List<SseEvent> finish() {
        if (finished) {
            return new ArrayList<>();
        }
        List<SseEvent> out = start();
        closeOpen(out);
        while (!waiting.isEmpty() && !foreign.refused()) {
            Object item = waiting.removeFirst();
            if (item instanceof PendingToolCall call && call.name == null) {
                call.name = UNNAMED_TOOL;
            }
            startItem(item, out);
            closeOpen(out);
        }
        finished = true;
        if (foreign.atEnd(nextIndex > 0).isEmpty()) {
            out.add(StreamEvents.messageDelta(StopReason.of(finishReason, toolBlocks > 0), currentUsage()));
            out.add(StreamEvents.messageStop());
        }
        return out;
    }

    /** A {@link ForeignToolCall} that makes the answer unusable: the caller must end the stream with an error. */
    public java.util.Optional<ForeignToolCall> refusedToolCall() {
        return foreign.refusal();
    }

    /** Whether the upstream said why the answer ended ({@code finish_reason}): then the end of its body completes it. */
    public boolean sawFinishReason() {
        return finishReason != null;
    }

    /** True after {@link #finish()} or a refused tool call: nothing more will be emitted. */
    public boolean finished() {
        return finished;
    }

    /**
     * The usage as the {@code message_delta} reports it ({@code input_tokens}, {@code output_tokens},
     * {@code cache_read_input_tokens}): final after {@link #finish()}, the best known so far before.
     */
    public ObjectNode usage() {
        return currentUsage().toDeltaUsage();
    }

    private TokenUsage currentUsage() {
        TokenUsage usage = TokenUsage.fromOpenAi(lastUsage);
        return usage != null ? usage : new TokenUsage(Math.max(0, estimatedInputTokens),
                (emittedChars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN, 0);
    }

    /** An Anthropic {@code error} event; it ends a stream. */
    public static SseEvent error(String errorType, String message) {
        return StreamEvents.error(errorType, message);
    }

    private void onDelta(JsonNode delta, List<SseEvent> out) {
        String reasoning = Json.text(delta, "reasoning_content");
        if (reasoning == null || reasoning.isEmpty()) {
            reasoning = Json.text(delta, "reasoning");
        }
        if (reasoning != null && !reasoning.isEmpty()) {
            appendRun(Kind.THINKING, reasoning, out);
        }
        String text = Json.contentText(delta.get("content"));
        if (!text.isEmpty()) {
            appendRun(Kind.TEXT, text, out);
        }
        JsonNode toolCalls = delta.get("tool_calls");
        if (toolCalls != null && toolCalls.isArray()) {
            for (int i = 0; i < toolCalls.size(); i++) {
                onToolFragment(toolCalls.get(i), i, out);
            }
        }
        flushWaiting(out);
    }

    private void appendRun(Kind kind, String text, List<SseEvent> out) {
        if (openKind == kind && waiting.isEmpty()) {
            emitRun(kind, text, out);
        } else if (waiting.isEmpty() && (openKind != Kind.TOOL || openCall.arguments.complete())) {
            closeOpen(out);
            open(kind, out);
            emitRun(kind, text, out);
        } else if (waiting.peekLast() instanceof WaitingRun run && run.kind() == kind) {
            run.text().append(text);
        } else {
            waiting.addLast(new WaitingRun(kind, new StringBuilder(text)));
        }
    }

    private void onToolFragment(JsonNode fragment, int position, List<SseEvent> out) {
        if (fragment == null || !fragment.isObject()) {
            return;
        }
        String id = Json.text(fragment, "id");
        PendingToolCall call = calls.callFor(fragment, id, position);
        if (call.upstreamId == null && id != null && !id.isEmpty()) {
            call.upstreamId = id;
        }
        JsonNode function = fragment.get("function");
        String name = Json.text(function, "name");
        if (call.name == null && name != null && !name.isEmpty()) {
            call.name = name;
        }
        JsonNode arguments = function == null ? null : function.get("arguments");
        String text = Json.absent(arguments) ? "" : arguments.isTextual() ? arguments.textValue() : JsonTrees.text(arguments);
        if (call.closed) {
            return;
        }
        String ready = text.isEmpty() ? "" : call.arguments.append(text);
        if (call == openCall) {
            emitArguments(ready, out);
        } else {
            call.waitingArguments.append(ready);
            // An empty placeholder fragment ({"index":0} alone) must not hold up what follows.
            if (!call.queued && !call.isEmpty()) {
                call.queued = true;
                waiting.addLast(call);
            }
        }
    }

    /** Starts waiting items while the open block allows it; the last one started stays open. */
    private void flushWaiting(List<SseEvent> out) {
        while (!waiting.isEmpty()) {
            if (openKind == Kind.TOOL && !openCall.arguments.complete()) {
                return;
            }
            Object head = waiting.peekFirst();
            if (head instanceof PendingToolCall call && call.name == null) {
                return;
            }
            waiting.removeFirst();
            closeOpen(out);
            startItem(head, out);
        }
    }

    private void startItem(Object item, List<SseEvent> out) {
        if (item instanceof WaitingRun run) {
            open(run.kind(), out);
            emitRun(run.kind(), run.text().toString(), out);
            return;
        }
        PendingToolCall call = (PendingToolCall) item;
        if (!foreign.admit(call)) {
            if (foreign.refused()) {
                waiting.clear();
                finished = true;
            }
            return;
        }
        openKind = Kind.TOOL;
        openIndex = nextIndex++;
        openCall = call;
        toolBlocks++;
        out.add(StreamEvents.toolUseStart(openIndex, ids.assign(call.upstreamId, call.position),
                names.toAnthropic(call.name)));
        emitArguments(call.waitingArguments.toString(), out);
        call.waitingArguments.setLength(0);
    }

    private void open(Kind kind, List<SseEvent> out) {
        openKind = kind;
        openIndex = nextIndex++;
        out.add(kind == Kind.TEXT ? StreamEvents.textStart(openIndex) : StreamEvents.thinkingStart(openIndex));
    }

    private void emitRun(Kind kind, String text, List<SseEvent> out) {
        emittedChars += text.length();
        out.add(kind == Kind.TEXT ? StreamEvents.textDelta(openIndex, text) : StreamEvents.thinkingDelta(openIndex, text));
    }

    private void emitArguments(String json, List<SseEvent> out) {
        if (!json.isEmpty()) {
            emittedChars += json.length();
            out.add(StreamEvents.inputJsonDelta(openIndex, json));
        }
    }

    private void closeOpen(List<SseEvent> out) {
        if (openKind == null) {
            return;
        }
        if (openKind == Kind.TOOL) {
            emitArguments(openCall.arguments.finish(), out);
            openCall.closed = true;
            openCall = null;
        } else if (openKind == Kind.THINKING) {
            out.add(StreamEvents.signatureDelta(openIndex));
        }
        out.add(StreamEvents.blockStop(openIndex));
        openKind = null;
    }
}
