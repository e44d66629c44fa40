package studio.atelier.generation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Parses the logit-bias field: a JSON object of token id → integer bias in −100..100. */
final class LogitBias {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final int MAX_ENTRIES = 300;

    private LogitBias() {
    }

    /** @return the parsed map, empty for a blank field; throws with a message code when invalid */
    static Optional<Map<String, Integer>> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidLogitBias("generation.logitBias.invalid");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidLogitBias("generation.logitBias.invalid");
        }
        if (node.size() > MAX_ENTRIES) {
            throw new InvalidLogitBias("generation.logitBias.tooMany");
        }
        Map<String, Integer> bias = new LinkedHashMap<>();
        for (var entry : node.properties()) {
            if (!entry.getKey().matches("\\d{1,9}")) {
                throw new InvalidLogitBias("generation.logitBias.token");
            }
            JsonNode value = entry.getValue();
            if (!value.isIntegralNumber() || value.asInt() < -100 || value.asInt() > 100) {
                throw new InvalidLogitBias("generation.logitBias.value");
            }
            bias.put(entry.getKey(), value.asInt());
        }
        return bias.isEmpty() ? Optional.empty() : Optional.of(bias);
    }

    static final class InvalidLogitBias extends RuntimeException {

        final String messageCode;

        InvalidLogitBias(String messageCode) {
            super(messageCode);
            this.messageCode = messageCode;
        }
    }
}
