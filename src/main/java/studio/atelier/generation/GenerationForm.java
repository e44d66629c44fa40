package studio.atelier.generation;

import java.util.Map;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The generate form as typed. Numbers arrive as text so that "abc" in a number field is a field error shown next
 * to the field (with everything else the person typed kept), not a failure to build the form.
 */
public record GenerationForm(
        @NotBlank(message = "{generation.prompt.required}") @Size(max = 4000, message = "{generation.prompt.size}") String prompt,
        @Size(max = 4000, message = "{generation.systemPrompt.size}") String systemPrompt,
        @NotBlank(message = "{generation.provider.required}") String providerId,
        @Pattern(regexp = INTEGER, message = "{generation.key.unknown}") String keyId,
        @Size(max = 100, message = "{generation.model.unknown}") String model,
        @Pattern(regexp = DECIMAL, message = "{typeMismatch}")
        @DecimalMin(value = "0", message = "{generation.temperature.range}") @DecimalMax(value = "2", message = "{generation.temperature.range}") String temperature,
        @Pattern(regexp = DECIMAL, message = "{typeMismatch}")
        @DecimalMin(value = "0", message = "{generation.topP.range}") @DecimalMax(value = "1", message = "{generation.topP.range}") String topP,
        @Pattern(regexp = INTEGER, message = "{typeMismatch}")
        @DecimalMin(value = "1", message = "{generation.maxTokens.range}") @DecimalMax(value = "32000", message = "{generation.maxTokens.range}") String maxTokens,
        @Pattern(regexp = INTEGER, message = "{typeMismatch}")
        @DecimalMin(value = "1", message = "{generation.n.range}") @DecimalMax(value = "4", message = "{generation.n.range}") String n,
        String stream,
        @Pattern(regexp = DECIMAL, message = "{typeMismatch}")
        @DecimalMin(value = "-2", message = "{generation.penalty.range}") @DecimalMax(value = "2", message = "{generation.penalty.range}") String presencePenalty,
        @Pattern(regexp = DECIMAL, message = "{typeMismatch}")
        @DecimalMin(value = "-2", message = "{generation.penalty.range}") @DecimalMax(value = "2", message = "{generation.penalty.range}") String frequencyPenalty,
        @Size(max = 4000, message = "{generation.logitBias.invalid}") String logitBias) {

    /** Browsers send empty strings for untouched number fields; those mean "not set". */
    public GenerationForm {
        keyId = blankToNull(keyId);
        temperature = blankToNull(temperature);
        topP = blankToNull(topP);
        maxTokens = blankToNull(maxTokens);
        n = blankToNull(n);
        presencePenalty = blankToNull(presencePenalty);
        frequencyPenalty = blankToNull(frequencyPenalty);
        logitBias = blankToNull(logitBias);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static final String DECIMAL = "^\\s*(-?\\d{1,6}(\\.\\d{1,6})?)?\\s*$";
    static final String INTEGER = "^\\s*(\\d{1,9})?\\s*$";

    public static GenerationForm blank(String providerId, String model) {
        return new GenerationForm("", "", providerId, null, model, null, null, null, "1", null, null, null, null);
    }

    public boolean advancedUsed() {
        return set(temperature) || set(topP) || set(maxTokens) || (set(n) && !"1".equals(n.trim())) || streamed()
                || set(presencePenalty) || set(frequencyPenalty) || set(logitBias) || set(systemPrompt);
    }

    public boolean streamed() {
        return stream != null && ("true".equalsIgnoreCase(stream.trim()) || "on".equalsIgnoreCase(stream.trim()));
    }

    /** The model typed, or {@code defaultModel} when none was. */
    String modelOr(String defaultModel) {
        return set(model) ? model.trim() : defaultModel;
    }

    String systemPromptValue() {
        return set(systemPrompt) ? systemPrompt.trim() : null;
    }

    /** The parameters to send; only for a form without field errors (numbers are parsed here). */
    GenerationParameters parameters(Map<String, Integer> logitBias) {
        return new GenerationParameters(temperatureValue(), topPValue(), maxTokensValue(), nValue(), streamed(),
                presencePenaltyValue(), frequencyPenaltyValue(), logitBias);
    }

    Double temperatureValue() {
        return decimal(temperature);
    }

    Double topPValue() {
        return decimal(topP);
    }

    Double presencePenaltyValue() {
        return decimal(presencePenalty);
    }

    Double frequencyPenaltyValue() {
        return decimal(frequencyPenalty);
    }

    Integer maxTokensValue() {
        return integer(maxTokens);
    }

    Integer nValue() {
        Integer value = integer(n);
        return value == null ? 1 : value;
    }

    Long keyIdValue() {
        return set(keyId) ? Long.valueOf(keyId.trim()) : null;
    }

    private static boolean set(String s) {
        return s != null && !s.isBlank();
    }

    private static Double decimal(String s) {
        return set(s) ? Double.valueOf(s.trim()) : null;
    }

    private static Integer integer(String s) {
        return set(s) ? Integer.valueOf(s.trim()) : null;
    }
}
