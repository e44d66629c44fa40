package studio.atelier.generation;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The optional gateway parameters a person set; null means "not set" and is not sent. */
public record GenerationParameters(Double temperature, Double topP, Integer maxTokens, Integer n, boolean stream,
        Double presencePenalty, Double frequencyPenalty, Map<String, Integer> logitBias) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public GenerationParameters {
        logitBias = logitBias == null || logitBias.isEmpty() ? null : Map.copyOf(logitBias);
    }

    String toJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        put(map, "temperature", temperature);
        put(map, "top_p", topP);
        put(map, "max_tokens", maxTokens);
        put(map, "n", n);
        map.put("stream", stream);
        put(map, "presence_penalty", presencePenalty);
        put(map, "frequency_penalty", frequencyPenalty);
        put(map, "logit_bias", logitBias);
        return JSON.writeValueAsString(map);
    }

    static GenerationParameters fromJson(String json) {
        Map<String, Object> map = JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        @SuppressWarnings("unchecked")
        Map<String, Object> bias = (Map<String, Object>) map.get("logit_bias");
        Map<String, Integer> logitBias = null;
        if (bias != null) {
            logitBias = new LinkedHashMap<>();
            for (var e : bias.entrySet()) {
                logitBias.put(e.getKey(), ((Number) e.getValue()).intValue());
            }
        }
        return new GenerationParameters(dbl(map.get("temperature")), dbl(map.get("top_p")), integer(map.get("max_tokens")),
                integer(map.get("n")), Boolean.TRUE.equals(map.get("stream")), dbl(map.get("presence_penalty")),
                dbl(map.get("frequency_penalty")), logitBias);
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static Double dbl(Object o) {
        return o == null ? null : ((Number) o).doubleValue();
    }

    private static Integer integer(Object o) {
        return o == null ? null : ((Number) o).intValue();
    }
}
