package studio.atelier;

/**
 * Gives the JDK's common pool at least two threads. With one (the JDK's choice on a machine of one or two cores),
 * {@code CompletableFuture} runs every "async" step on a brand-new thread, and the JDK's HTTP client hands each
 * gateway reply to such a step: hundreds of threads created and torn down a second, and a thread start added to every
 * generation's latency. The JDK reads it once, when the common pool is created (a parallel stream or the first
 * {@code CompletableFuture} does that), so it must be set before anything else runs; an explicit
 * {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism} is left alone.
 */
final class CommonPool {

    static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private CommonPool() {
    }

    static void atLeastTwoThreads() {
        if (System.getProperty(PARALLELISM) == null && Runtime.getRuntime().availableProcessors() <= 2) {
            System.setProperty(PARALLELISM, "2");
        }
    }
}
