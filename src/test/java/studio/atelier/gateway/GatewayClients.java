package studio.atelier.gateway;

import java.net.http.HttpClient;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** Gateway clients for tests that build their own, on task threads and a scheduler like the application's. */
final class GatewayClients {

    private static final ThreadPoolTaskExecutor TASKS = tasks();
    private static final ThreadPoolTaskScheduler SCHEDULER = scheduler();

    private GatewayClients() {
    }

    static GatewayClient standard() {
        return new GatewayClient(TASKS, SCHEDULER);
    }

    static GatewayClient over(HttpClient http) {
        return new GatewayClient(http, SCHEDULER);
    }

    private static ThreadPoolTaskExecutor tasks() {
        ThreadPoolTaskExecutor tasks = new ThreadPoolTaskExecutor();
        tasks.setCorePoolSize(4);
        tasks.setThreadNamePrefix("test-task-");
        tasks.setDaemon(true);
        tasks.initialize();
        return tasks;
    }

    private static ThreadPoolTaskScheduler scheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("test-scheduling-");
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setDaemon(true);
        scheduler.initialize();
        return scheduler;
    }
}
