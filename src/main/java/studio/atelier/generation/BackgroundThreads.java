package studio.atelier.generation;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for the blocking tail of a generation (image downloads, database writes): virtual threads when the
 * runtime has them (Java 21+), otherwise a bounded pool. Waiting on the gateway itself holds no thread at all.
 */
final class BackgroundThreads {

    private static final long KEEP_IDLE_SECONDS = 60;

    private BackgroundThreads() {
    }

    static ExecutorService create(String name, int platformThreads) {
        try {
            Method virtual = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) virtual.invoke(null);
        } catch (ReflectiveOperationException runtimeWithoutVirtualThreads) {
            return platformPool(name, platformThreads);
        }
    }

    /**
     * A fork-join pool rather than a fixed thread pool because it hands work to the thread that went idle last, where a
     * fixed pool wakes the one idle longest. For a lone generation that is the difference between a thread, and a pooled
     * database connection (the pool prefers the one the thread used before), last used a moment ago, and ones last used
     * many generations ago: colder caches and an untrusted connection to test first. Never more threads than asked for,
     * also while tasks block (no compensating threads), and work is taken in the order it came (async mode).
     */
    static ExecutorService platformPool(String name, int threads) {
        AtomicInteger counter = new AtomicInteger();
        ForkJoinPool.ForkJoinWorkerThreadFactory factory = pool -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName(name + "-" + counter.incrementAndGet());
            // the default factory gives its threads the system class loader, which cannot see the packaged jar's classes
            t.setContextClassLoader(BackgroundThreads.class.getClassLoader());
            t.setDaemon(true);
            return t;
        };
        return new ForkJoinPool(threads, factory, null, true, 0, threads, 1, pool -> true, KEEP_IDLE_SECONDS, TimeUnit.SECONDS);
    }
}
