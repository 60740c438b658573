/**
 * Pure Anthropic Messages API to OpenAI chat-completions translation, both ways, streaming
 * included. No I/O, clocks, randomness, configuration or logging: JSON trees in, JSON trees (or
 * {@link dev.claudeconnector.translate.SseEvent}s) out, so every rule is unit-testable from
 * fixtures and the proxy decides everything that depends on the world (model limits, message ids,
 * token estimates).
 *
 * <p>{@link dev.claudeconnector.translate.RequestBody} parses a client's body into the tree the
 * request translation takes, keeping long strings as their escaped bytes
 * ({@link dev.claudeconnector.translate.EscapedText}), and the values nested in a tool's
 * {@code input_schema} as their bytes ({@link dev.claudeconnector.translate.VerbatimJson}): the
 * translation moves both into the upstream body without decoding and writing them again. Trees from
 * any other parser translate the same.
 *
 * <p>Entry points: {@link dev.claudeconnector.translate.RequestTranslator} (client request to
 * upstream body), {@link dev.claudeconnector.translate.ResponseTranslator} (whole upstream answer
 * to an Anthropic message), {@link dev.claudeconnector.translate.StreamTranslator} (upstream
 * chunks to Anthropic events, one instance per response) and
 * {@link dev.claudeconnector.translate.WholeMessageEvents} (a whole message as events).
 */
package dev.claudeconnector.translate;
