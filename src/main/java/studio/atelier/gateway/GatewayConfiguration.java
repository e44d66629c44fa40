package studio.atelier.gateway;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    /** One client, so every gateway call shares one connection pool. */
    @Bean
    GatewayClient gatewayClient() {
        return new GatewayClient();
    }
}
