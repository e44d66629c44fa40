package studio.atelier.nodes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A light, steady load while nodes restart: one thread browses (a few requests, then a short pause), another submits
 * a generation now and then. An exception (a refused connection, a broken reply) is kept and rethrown by {@link #stop}.
 */
final class Load {

    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());

    Load(Runnable browse, Runnable generate) {
        threads.add(new Thread(() -> loop(browse, 100), "load-browse"));
        threads.add(new Thread(() -> loop(generate, 700), "load-generate"));
    }

    void start() {
        running.set(true);
        threads.forEach(Thread::start);
    }

    void stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(30_000);
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError(failures.size() + " requests of the load failed; the first: " + failures.get(0));
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }

    private void loop(Runnable work, long pauseMs) {
        while (running.get()) {
            try {
                work.run();
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | AssertionError e) {
                failures.add(e);
            }
        }
    }
}
