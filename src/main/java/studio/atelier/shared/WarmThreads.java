package studio.atelier.shared;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded pool of platform threads that hands work to the thread that went idle last.
 *
 * <p>A fork-join pool rather than a fixed or cached thread pool: those wake the thread idle longest (fixed) or hand
 * every task over to a parked thread (cached), a wake-up per task. Here a task usually finds a thread that was busy a
 * moment ago, with warm caches (and, for database work, the pooled connection that thread used last). Never more
 * threads than asked for, also while tasks block (no compensating threads), and work is taken in the order it came
 * (async mode).
 */
public final class WarmThreads {

    private static final long KEEP_IDLE_SECONDS = 60;

    private WarmThreads() {
    }

    public static ExecutorService pool(String name, int threads) {
        AtomicInteger counter = new AtomicInteger();
        ForkJoinPool.ForkJoinWorkerThreadFactory factory = pool -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName(name + "-" + counter.incrementAndGet());
            // the default factory gives its threads the system class loader, which cannot see the packaged jar's classes
            t.setContextClassLoader(WarmThreads.class.getClassLoader());
            t.setDaemon(true);
            return t;
        };
        return new ForkJoinPool(threads, factory, null, true, 0, threads, 1, pool -> true, KEEP_IDLE_SECONDS, TimeUnit.SECONDS);
    }
}
