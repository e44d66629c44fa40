package studio.atelier.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class WarmThreadsTest {

    @Test
    void aLoneTaskGoesToTheThreadThatWasBusyLast() throws Exception {
        ExecutorService pool = WarmThreads.pool("test", 8);
        try {
            // all eight threads started and idle, then one of them used
            CountDownLatch started = new CountDownLatch(8);
            CountDownLatch release = new CountDownLatch(1);
            for (int i = 0; i < 8; i++) {
                pool.execute(() -> {
                    started.countDown();
                    await(release);
                });
            }
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            Thread.sleep(200);
            // a fixed thread pool wakes the thread idle longest: the eight take turns and none runs two in a row
            int again = 0;
            String last = runAndName(pool);
            for (int round = 0; round < 40; round++) {
                Thread.sleep(5);
                String next = runAndName(pool);
                again += next.equals(last) ? 1 : 0;
                last = next;
            }
            System.out.println("WarmThreadsTest: the same thread ran the next task " + again + " times of 40");
            assertThat(again).isGreaterThanOrEqualTo(30);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void blockingTasksNeverGetMoreThreadsThanAskedFor() throws Exception {
        ExecutorService pool = WarmThreads.pool("test", 3);
        try {
            Set<String> threads = ConcurrentHashMap.newKeySet();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(12);
            for (int i = 0; i < 12; i++) {
                pool.execute(() -> {
                    threads.add(Thread.currentThread().getName());
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        // waiting on a future is what asks a fork-join pool for a compensating thread (image downloads do it)
                        new CompletableFuture<Void>().get(50, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException expected) {
                        // waited
                    } catch (InterruptedException | ExecutionException e) {
                        throw new IllegalStateException(e);
                    }
                    running.decrementAndGet();
                    done.countDown();
                });
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(most.get()).isEqualTo(3);
            assertThat(threads).hasSize(3).allMatch(name -> name.startsWith("test-"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void itsThreadsSeeTheApplicationsClasses() throws Exception {
        ExecutorService pool = WarmThreads.pool("test", 2);
        try {
            assertThat(onPool(pool, () -> Thread.currentThread().getContextClassLoader()))
                    .isSameAs(WarmThreads.class.getClassLoader());
        } finally {
            pool.shutdownNow();
        }
    }

    private static String runAndName(ExecutorService pool) throws Exception {
        return onPool(pool, () -> Thread.currentThread().getName());
    }

    /** What {@code task} answers, run on one of the pool's threads. */
    private static <T> T onPool(ExecutorService pool, java.util.function.Supplier<T> task) throws Exception {
        AtomicReference<T> answer = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(() -> {
            answer.set(task.get());
            ran.countDown();
        });
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        return answer.get();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
