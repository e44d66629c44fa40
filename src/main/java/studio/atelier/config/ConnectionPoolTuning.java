package studio.atelier.config;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Hikari tests a pooled connection with a round trip whenever it was idle for more than half a second before handing
 * it out. A quiet node (or a generation that waited a second on its gateway) paid that round trip on nearly every
 * transaction, about half a millisecond each on a busy machine. Connections used within the last
 * {@code atelier.database.trust-connections-used-within} (5 s by default) are handed out untested. A connection that
 * broke within that time (a failover, a terminated backend, a pooler restart) fails the one transaction that gets it and
 * is dropped; set the window to 500ms to get Hikari's behaviour back. The setting is JVM-wide: the first pool created wins.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionPoolTuning {

    static final String HIKARI_PROPERTY = "com.zaxxer.hikari.aliveBypassWindowMs";

    @Bean
    static BeanPostProcessor connectionPoolTrust(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                // read by each pool when it is created, on the first connection: an operator's -D setting wins
                if (bean instanceof HikariDataSource && System.getProperty(HIKARI_PROPERTY) == null) {
                    Duration trust = environment.getProperty("atelier.database.trust-connections-used-within", Duration.class, Duration.ofSeconds(5));
                    System.setProperty(HIKARI_PROPERTY, String.valueOf(trust.toMillis()));
                }
                return bean;
            }
        };
    }
}
