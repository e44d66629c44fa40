package studio.atelier.generation;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import studio.atelier.shared.WarmThreads;

/**
 * Threads for the blocking tail of a generation (image downloads, database writes): virtual threads when the
 * runtime has them (Java 21+), otherwise a bounded pool. Waiting on the gateway itself holds no thread at all.
 */
final class BackgroundThreads {

    private BackgroundThreads() {
    }

    static ExecutorService create(String name, int platformThreads) {
        try {
            Method virtual = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) virtual.invoke(null);
        } catch (ReflectiveOperationException runtimeWithoutVirtualThreads) {
            // the thread (and the pooled connection it used) of a moment ago for a lone generation, see WarmThreads
            return WarmThreads.pool(name, platformThreads);
        }
    }
}
