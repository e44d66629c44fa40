package studio.atelier.generation;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

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
            AtomicInteger counter = new AtomicInteger();
            ThreadFactory factory = r -> {
                Thread t = new Thread(r, name + "-" + counter.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            return Executors.newFixedThreadPool(platformThreads, factory);
        }
    }
}
