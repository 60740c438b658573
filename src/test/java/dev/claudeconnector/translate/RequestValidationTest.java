package dev.claudeconnector.translate;

import static dev.claudeconnector.translate.RequestTranslatorTest.TARGET;
import static dev.claudeconnector.translate.RequestTranslatorTest.invalidMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Malformed requests: each error names the field the way the Anthropic API would, and what was expected. */
class RequestValidationTest {
    @Test
    void messagesMustBeANonEmptyArray() {
        assertTrue(invalidMessage("{}").startsWith("messages: must be a non-empty array"));
        assertTrue(invalidMessage("{\"messages\":[]}").startsWith("messages: must be a non-empty array"));
        assertTrue(invalidMessage("{\"messages\":\"hi\"}").contains("got a string"));
        assertThrows(InvalidRequestException.class, () -> RequestTranslator.toOpenAi(Fixtures.json("[]"), TARGET));
    }

    @Test
    void conversationWithNothingLeftToSendIsRejected() {
        String message = invalidMessage("""
                {"messages":[{"role":"system","content":"rules"},
                  {"role":"user","content":[{"type":"thinking","thinking":"x","signature":""},{"type":"text","text":""}]}]}""");
        assertTrue(message.startsWith("messages: no user or assistant content is left to send"), message);
    }

    @Test
    void roleMustBeUserAssistantOrSystem() {
        String message = invalidMessage("""
                {"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"user","content":"c"},
                  {"role":"bot","content":"d"}]}""");
        assertEquals("messages[3].role: must be \"user\", \"assistant\" or \"system\", got \"bot\"", message);
    }

    @Test
    void maxTokensMustBeAPositiveInteger() {
        for (String value : List.of("0", "-5", "1.5", "\"100\"")) {
            String message = invalidMessage("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":" + value + "}");
            assertTrue(message.startsWith("max_tokens: must be a positive integer"), message);
        }
    }

    @Test
    void maxTokensIsRequiredInAMessagesRequest() {
        for (String maxTokens : List.of("", ",\"max_tokens\":null")) {
            String json = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + maxTokens + "}";
            String message = assertThrows(InvalidRequestException.class,
                    () -> RequestTranslator.toOpenAi(Fixtures.json(json), TARGET)).getMessage();
            assertTrue(message.startsWith("max_tokens: Field required"), message);
        }
    }

    @Test
    void forcedToolChoiceMustNameASentTool() {
        String tools = ",\"tools\":[{\"name\":\"Read\",\"input_schema\":{}},{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]";
        assertTrue(toolChoiceError(tools, "{\"type\":\"tool\"}").startsWith("tool_choice.name: Field required ("));
        assertTrue(toolChoiceError(tools, "{\"type\":\"tool\",\"name\":null}").startsWith("tool_choice.name: Field required ("));
        assertEquals("tool_choice.name: must be a string, got a number", toolChoiceError(tools, "{\"type\":\"tool\",\"name\":7}"));
        assertEquals("tool_choice.name: must not be empty", toolChoiceError(tools, "{\"type\":\"tool\",\"name\":\"\"}"));
        assertEquals("tool_choice.name: no tool named \"Write\" in tools",
                toolChoiceError(tools, "{\"type\":\"tool\",\"name\":\"Write\"}"));
        assertEquals("tool_choice.name: no tool named \"Read\" in tools", toolChoiceError("", "{\"type\":\"tool\",\"name\":\"Read\"}"));
        assertTrue(toolChoiceError(tools, "{\"type\":\"tool\",\"name\":\"web_search\"}")
                .startsWith("tool_choice.name: \"web_search\" is a server tool"));
    }

    @Test
    void toolChoiceIsCheckedEvenWithoutTools() {
        assertEquals("tool_choice.type: must be \"auto\", \"any\", \"tool\" or \"none\", got \"some\"",
                toolChoiceError("", "{\"type\":\"some\"}"));
    }

    private static String toolChoiceError(String tools, String choice) {
        return invalidMessage("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + tools + ",\"tool_choice\":" + choice + "}");
    }

    @Test
    void toolNameMustBeAString() {
        String message = invalidMessage("""
                {"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"A"},{"name":"B"},{"name":7}]}""");
        assertEquals("tools[2].name: must be a string, got a number", message);
    }

    @Test
    void contentMustBeAStringOrAnArray() {
        String message = invalidMessage("{\"messages\":[{\"role\":\"user\",\"content\":{\"text\":\"hi\"}}]}");
        assertEquals("messages[0].content: must be a string or an array of content blocks, got an object", message);
    }

    @Test
    void unknownUserBlockTypeIsRejectedByName() {
        String message = invalidMessage("""
                {"messages":[{"role":"user","content":"a"},{"role":"user","content":[{"type":"foo"}]}]}""");
        assertTrue(message.startsWith("messages[1].content[0].type: unsupported content block type \"foo\""), message);
    }

    @Test
    void wrongFieldTypesAreNamed() {
        assertEquals("stream: must be true or false, got a string",
                invalidMessage("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":\"yes\"}"));
        assertEquals("temperature: must be a number, got a string",
                invalidMessage("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":\"hot\"}"));
        assertEquals("messages[1].content[0].id: required string is missing", invalidMessage("""
                {"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":[{"type":"tool_use","name":"A","input":{}}]}]}"""));
        assertEquals("messages[0].content[0].source.type: image source type \"file\" cannot be sent to the upstream;"
                + " send the image as \"base64\" or \"url\" instead", invalidMessage("""
                {"messages":[{"role":"user","content":[{"type":"image","source":{"type":"file","file_id":"f"}}]}]}"""));
        assertEquals("system: must be a string or an array of text blocks, got a number",
                invalidMessage("{\"system\":3,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    }
}
