package studio.atelier.gateway;

import java.util.List;

/**
 * Result of testing a key against {@code GET {base}/models}. {@code ok} with an empty model list means the gateway
 * has no models route, so the key could not be disproved.
 */
public record KeyCheck(boolean ok, GatewayErrorKind errorKind, String gatewayMessage, List<String> models) {

    public KeyCheck {
        models = models == null ? List.of() : List.copyOf(models);
    }
}
