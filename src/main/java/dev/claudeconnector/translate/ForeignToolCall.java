package dev.claudeconnector.translate;

/**
 * The model called a tool the request did not offer: Open WebUI put its own tools in (native
 * function calling with built-in tools) or replaced the client's. Such a call is never given to
 * the client as {@code tool_use}. When the request offered no tools at all, the call is dropped and
 * the rest of the answer kept; this is reported only when the call was all there was, or when the
 * request offered tools (then the client's tools were replaced and the answer cannot be used).
 *
 * @param name          the tool name as the upstream gave it
 * @param toolsOffered  whether the request offered tools of its own
 */
public record ForeignToolCall(String name, boolean toolsOffered) {
}
