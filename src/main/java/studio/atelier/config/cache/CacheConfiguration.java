package studio.atelier.config.cache;

import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.boot.cache.autoconfigure.CacheProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.StringUtils;

import studio.atelier.shared.DatabaseKind;

/**
 * Spring's caches, on Caffeine: {@code spring.cache.caffeine.spec} bounds them and says how long a value is kept on a
 * node that hears the others' changes; {@code @CacheEvict} in the transaction that changes a value clears it on every
 * node ({@link NoticedCaches}).
 */
@Configuration(proxyBeanMethods = false)
@EnableCaching
@EnableConfigurationProperties(CacheProperties.class)
class CacheConfiguration {

    @Bean
    NoticedCaches cacheManager(CacheProperties properties, JdbcTemplate jdbc, DataSource dataSource) throws SQLException {
        NoticedCaches caches = new NoticedCaches(jdbc, DatabaseKind.isPostgres(dataSource));
        String spec = properties.getCaffeine().getSpec();
        if (StringUtils.hasText(spec)) {
            caches.setCacheSpecification(spec);
        }
        return caches;
    }

    /**
     * One thread holds the listening connection, the other clears the caches while it does not hear. Not a default
     * candidate, so Spring Boot's own {@code taskScheduler} and {@code applicationTaskExecutor} stay as they are.
     */
    @Bean(defaultCandidate = false)
    ThreadPoolTaskScheduler cacheNoticeThreads() {
        ThreadPoolTaskScheduler threads = new ThreadPoolTaskScheduler();
        threads.setPoolSize(2);
        threads.setThreadNamePrefix("cache-notices-");
        threads.setDaemon(true);
        return threads;
    }
}
