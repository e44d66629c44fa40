package studio.atelier.gateway;

import java.time.Duration;
import java.util.List;

import studio.atelier.demo.DemoPass;

/**
 * A gateway people can use. {@code builtIn} marks the offline demo; {@code source} says whether it came from
 * configuration (read-only in the console) or was added by an administrator.
 */
public record Provider(String id, String name, String baseUrl, List<String> models, String defaultModel,
        EndpointStyle endpointStyle, Duration timeout, boolean allowPrivateNetwork, boolean enabled,
        ProviderSource source) {

    public enum ProviderSource { CONFIGURATION, CONSOLE, BUILT_IN }

    public GatewayEndpoint endpoint() {
        return source == ProviderSource.BUILT_IN
                ? new GatewayEndpoint(baseUrl, endpointStyle, timeout, DemoPass.headers())
                : new GatewayEndpoint(baseUrl, endpointStyle, timeout);
    }

    public boolean offers(String model) {
        return models.contains(model);
    }
}
