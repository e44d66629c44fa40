package studio.atelier.gateway;

import java.util.concurrent.Executor;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    /** One client, so every gateway call shares one connection pool. */
    @Bean
    GatewayClient gatewayClient(@Qualifier("gatewayHttpThreads") Executor httpThreads, TaskScheduler scheduler) {
        return new GatewayClient(httpThreads, scheduler);
    }

    /**
     * The HTTP client's threads. A small pool of their own rather than the application's task threads: the client hands
     * every exchange over several times (send, write, read, body), and with few threads the next step usually finds one
     * still awake instead of waking a parked one. Not a default candidate: Spring Boot's own
     * {@code applicationTaskExecutor} and {@code taskScheduler} stay as they are. They keep accepting work after the
     * context starts closing, since the worker waits for its calls in flight then, and stop when the context is destroyed.
     */
    @Bean(defaultCandidate = false)
    ThreadPoolTaskExecutor gatewayHttpThreads(GatewayClientSettings settings) {
        ThreadPoolTaskExecutor threads = new ThreadPoolTaskExecutor();
        threads.setCorePoolSize(settings.httpThreads());
        threads.setThreadNamePrefix("gateway-http-");
        threads.setDaemon(true);
        threads.setAcceptTasksAfterContextClose(true);
        return threads;
    }

    /**
     * Every gateway call schedules a stall check that is cancelled when its reply ends: cancelled checks leave the
     * scheduler's queue at once instead of piling up there for a stall timeout each, and at shutdown the checks of calls
     * still open are dropped rather than waited for.
     */
    @Bean
    ThreadPoolTaskSchedulerCustomizer stallChecksLeaveTheQueue() {
        return scheduler -> {
            scheduler.setRemoveOnCancelPolicy(true);
            scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        };
    }
}
