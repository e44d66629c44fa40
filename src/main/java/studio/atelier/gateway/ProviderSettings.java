package studio.atelier.gateway;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Gateways from configuration, e.g. {@code ATELIER_UPSTREAM_PROVIDERS_0_BASE_URL=https://api.example/v1}.
 */
@ConfigurationProperties("atelier.upstream")
public record ProviderSettings(List<Entry> providers) {

    public ProviderSettings {
        providers = providers == null ? List.of() : List.copyOf(providers);
    }

    public record Entry(String id, String name, String baseUrl, List<String> models, String defaultModel,
            EndpointStyle endpointStyle, Duration timeout, Boolean allowPrivateNetwork, Boolean enabled) {

        public Entry {
            models = models == null || models.isEmpty() ? List.of("stable-diffusion") : List.copyOf(models);
            defaultModel = defaultModel == null || defaultModel.isBlank() ? models.get(0) : defaultModel;
            endpointStyle = endpointStyle == null ? EndpointStyle.CHAT_COMPLETIONS : endpointStyle;
            timeout = timeout == null ? Duration.ofSeconds(300) : timeout;
            allowPrivateNetwork = allowPrivateNetwork != null && allowPrivateNetwork;
            enabled = enabled == null || enabled;
            name = name == null || name.isBlank() ? id : name;
        }
    }
}
