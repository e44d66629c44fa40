package studio.atelier.demo;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

@Configuration(proxyBeanMethods = false)
class DemoConfiguration {

    /**
     * The threads that paint and send the demo's replies, which wait on this scheduler rather than on a request thread.
     * Not a default candidate: Spring Boot's own {@code taskScheduler} and {@code applicationTaskExecutor} stay as they
     * are, and only the demo, which asks for it by name, gets it. It keeps accepting work while the web server drains
     * its requests at shutdown, so a demo generation already under way still gets its reply; what is left when the
     * context is destroyed is dropped.
     */
    @Bean(defaultCandidate = false)
    ThreadPoolTaskScheduler demoGatewayThreads(DemoSettings settings) {
        ThreadPoolTaskScheduler threads = new ThreadPoolTaskScheduler();
        threads.setPoolSize(settings.threads());
        threads.setThreadNamePrefix("demo-gateway-");
        threads.setDaemon(true);
        threads.setRemoveOnCancelPolicy(true);
        threads.setAcceptTasksAfterContextClose(true);
        return threads;
    }
}
