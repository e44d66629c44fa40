package studio.atelier.upstream;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class UpstreamConfiguration {

    /** One client, so every gateway call shares one connection pool. */
    @Bean
    GatewayClient gatewayClient() {
        return new GatewayClient();
    }
}
