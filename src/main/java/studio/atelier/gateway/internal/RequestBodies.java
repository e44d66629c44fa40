package studio.atelier.gateway.internal;

import java.util.Map;

import studio.atelier.gateway.ChatRequest;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON bodies sent to a gateway. Unset fields are left out, not sent as null. */
public final class RequestBodies {

    private final JsonMapper json;

    public RequestBodies(JsonMapper json) {
        this.json = json;
    }

    public byte[] chatCompletions(ChatRequest request) {
        ObjectNode body = json.createObjectNode();
        body.put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        if (request.systemPrompt() != null && !request.systemPrompt().isBlank()) {
            messages.addObject().put("role", "system").put("content", request.systemPrompt());
        }
        messages.addObject().put("role", "user").put("content", request.prompt());
        putIfSet(body, "temperature", request.temperature());
        putIfSet(body, "top_p", request.topP());
        if (request.maxTokens() != null) {
            body.put("max_tokens", request.maxTokens());
        }
        if (request.n() != null) {
            body.put("n", request.n());
        }
        putIfSet(body, "presence_penalty", request.presencePenalty());
        putIfSet(body, "frequency_penalty", request.frequencyPenalty());
        if (request.logitBias() != null) {
            ObjectNode bias = body.putObject("logit_bias");
            for (Map.Entry<String, Integer> entry : request.logitBias().entrySet()) {
                bias.put(entry.getKey(), entry.getValue());
            }
        }
        if (request.user() != null) {
            body.put("user", request.user());
        }
        if (request.stream()) {
            body.put("stream", true);
            // Without this, OpenAI-style relays drop usage from streamed replies, and usage feeds billing.
            body.putObject("stream_options").put("include_usage", true);
        }
        return json.writeValueAsBytes(body);
    }

    public byte[] imagesGenerations(ChatRequest request) {
        ObjectNode body = json.createObjectNode();
        body.put("model", request.model());
        body.put("prompt", request.prompt());
        if (request.n() != null) {
            body.put("n", request.n());
        }
        // Remote URLs expire within the hour; asking for the bytes spares a second download that might fail.
        body.put("response_format", "b64_json");
        if (request.user() != null) {
            body.put("user", request.user());
        }
        return json.writeValueAsBytes(body);
    }

    private static void putIfSet(ObjectNode body, String field, Double value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
