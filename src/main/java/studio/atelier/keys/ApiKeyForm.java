package studio.atelier.keys;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A key as typed into the form. Printable ASCII only: the value goes into an HTTP header. */
public record ApiKeyForm(
        @NotBlank(message = "{keys.provider.required}") String providerId,
        @Size(max = 80, message = "{keys.label.size}") String label,
        @NotBlank(message = "{keys.secret.required}") @Size(max = 500, message = "{keys.secret.size}")
        @Pattern(regexp = "^\\s*[\\x21-\\x7E]*\\s*$", message = "{keys.secret.pattern}") String apiKey) {

    public static ApiKeyForm empty(String providerId) {
        return new ApiKeyForm(providerId, "", "");
    }

    @Override
    public String toString() {
        return "ApiKeyForm[" + providerId + ", " + label + ", secret hidden]";
    }
}
