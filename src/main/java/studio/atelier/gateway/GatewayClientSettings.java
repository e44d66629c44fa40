package studio.atelier.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway client's own threads ({@code gateway-http-N}), where its HTTP client sends requests and reads replies.
 * A few are enough: a call waiting for its gateway holds none, and reading a reply never blocks.
 */
@ConfigurationProperties("atelier.upstream")
record GatewayClientSettings(@DefaultValue("4") int httpThreads) {

    GatewayClientSettings {
        if (httpThreads < 1) {
            throw new IllegalArgumentException("atelier.upstream.http-threads must be at least 1");
        }
    }
}
