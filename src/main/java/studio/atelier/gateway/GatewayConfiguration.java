package studio.atelier.gateway;

import java.util.concurrent.Executor;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    /** One client, so every gateway call shares one connection pool. */
    @Bean
    GatewayClient gatewayClient(@Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) Executor tasks,
            TaskScheduler scheduler) {
        return new GatewayClient(tasks, scheduler);
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
