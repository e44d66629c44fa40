package studio.atelier.gateway;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A gateway as an administrator types it in the console. */
public record ProviderForm(
        @NotBlank(message = "{admin.providers.id.invalid}") @Pattern(regexp = "^[a-z0-9][a-z0-9-]{1,39}$", message = "{admin.providers.id.invalid}") String id,
        @NotBlank(message = "{admin.providers.name.required}") @Size(max = 100, message = "{admin.providers.name.required}") String name,
        @NotBlank(message = "{admin.providers.baseUrl.invalid}") @Size(max = 500, message = "{admin.providers.baseUrl.invalid}")
        @Pattern(regexp = "^https?://[^\\s/?#]+(/[^\\s?#]*)?$", message = "{admin.providers.baseUrl.invalid}") String baseUrl,
        @NotBlank(message = "{admin.providers.models.required}") @Size(max = 1000, message = "{admin.providers.models.required}") String models,
        @Size(max = 100) String defaultModel,
        String endpointStyle,
        @Pattern(regexp = "^\\s*\\d{1,3}\\s*$", message = "{admin.providers.timeout.invalid}") String timeoutSeconds,
        String allowPrivateNetwork,
        String enabled) {

    public static ProviderForm empty() {
        return new ProviderForm("", "", "https://", "stable-diffusion", "stable-diffusion", "CHAT_COMPLETIONS", "300", null, "true");
    }

    public static ProviderForm of(Provider p) {
        return new ProviderForm(p.id(), p.name(), p.baseUrl(), String.join(", ", p.models()), p.defaultModel(), p.endpointStyle().name(),
                String.valueOf(p.timeout().toSeconds()), String.valueOf(p.allowPrivateNetwork()), String.valueOf(p.enabled()));
    }

    static boolean checked(String value) {
        return value != null && ("true".equalsIgnoreCase(value.trim()) || "on".equalsIgnoreCase(value.trim()));
    }
}
