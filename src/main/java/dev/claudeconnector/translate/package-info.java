/**
 * Pure Anthropic Messages API to OpenAI chat-completions translation, both ways, streaming
 * included. No I/O, clocks, randomness, configuration or logging: JSON trees in, JSON trees (or
 * {@link dev.claudeconnector.translate.SseEvent}s) out, so every rule is unit-testable from
 * fixtures and the proxy decides everything that depends on the world (model limits, message ids,
 * token estimates).
 *
 * <p>Entry points: {@link dev.claudeconnector.translate.RequestTranslator} (client request to
 * upstream body), {@link dev.claudeconnector.translate.ResponseTranslator} (whole upstream answer
 * to an Anthropic message), {@link dev.claudeconnector.translate.StreamTranslator} (upstream
 * chunks to Anthropic events, one instance per response) and
 * {@link dev.claudeconnector.translate.StreamReplay} (a whole message as events).
 */
package dev.claudeconnector.translate;
