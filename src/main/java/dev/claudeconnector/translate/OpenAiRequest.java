package dev.claudeconnector.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Result of translating one request.
 *
 * @param body      the chat-completions body to POST upstream
 * @param toolNames the name mapping the response translators need to give tool names back
 * @param stream    whether the client asked for (and the body requests) an SSE stream
 */
public record OpenAiRequest(ObjectNode body, ToolNames toolNames, boolean stream) {
}
