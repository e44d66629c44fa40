package studio.atelier.gateway;

import java.util.Map;

/**
 * One generation request as the seed contract describes it. A {@code null} field is "not set" and is
 * left out of the JSON body entirely: several gateways reject {@code "temperature": null}.
 */
public record ChatRequest(String model, String systemPrompt, String prompt, Double temperature, Double topP,
        Integer maxTokens, boolean stream, Integer n, Double presencePenalty, Double frequencyPenalty,
        Map<String, Integer> logitBias, String user) {

    public ChatRequest {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is required");
        }
        if (prompt == null) {
            throw new IllegalArgumentException("prompt is required");
        }
        // The contract says temperature or top_p, never both; gateways differ in which one wins.
        if (temperature != null && topP != null) {
            throw new IllegalArgumentException("Set temperature or topP, not both");
        }
        logitBias = logitBias == null ? null : Map.copyOf(logitBias);
    }

    /** A plain request: just the model and the prompt, everything else left to the gateway. */
    public static ChatRequest of(String model, String prompt) {
        return new ChatRequest(model, null, prompt, null, null, null, false, null, null, null, null, null);
    }

    public ChatRequest withStream(boolean stream) {
        return new ChatRequest(model, systemPrompt, prompt, temperature, topP, maxTokens, stream, n,
                presencePenalty, frequencyPenalty, logitBias, user);
    }

    public ChatRequest withN(Integer n) {
        return new ChatRequest(model, systemPrompt, prompt, temperature, topP, maxTokens, stream, n,
                presencePenalty, frequencyPenalty, logitBias, user);
    }
}
