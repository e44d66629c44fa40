package studio.atelier.generation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import studio.atelier.shared.Backoff;
import studio.atelier.shared.DatabaseOutage;

/**
 * Writes the end of generations, many per transaction. Whatever finished while the previous batch was being written
 * goes into the next one, so a lone generation is written at once while hundreds finishing together share a few
 * commits instead of queueing one by one on the connection pool and on the day's usage row.
 */
@Component
class FinishWriter {

    private static final Logger log = LoggerFactory.getLogger(FinishWriter.class);
    private static final int MAX_BATCH = 100;
    /** Two, so that one batch's commit overlaps the next batch's statements. */
    private static final int WRITERS = 2;
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    /** The longest pause between attempts while the database is unreachable: recovery is noticed within this. */
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);

    private final FinishStatements statements;
    private final TaskExecutor background;
    private final TaskScheduler scheduler;
    private final Queue<PendingEnd> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger writing = new AtomicInteger();

    FinishWriter(FinishStatements statements,
            @Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) TaskExecutor background,
            TaskScheduler scheduler) {
        this.statements = statements;
        this.background = background;
        this.scheduler = scheduler;
    }

    /**
     * Queues the ending and, when fewer than {@link #WRITERS} are writing, writes it (and whatever else is waiting) on
     * the calling thread: a hand-off to another thread would add a wake-up to every lone generation's latency. Callers
     * are the application's task threads, which are there for blocking work like this.
     */
    void add(PendingEnd end) {
        pending.add(end);
        if (takeWriterPlace()) {
            drain();
        }
    }

    private boolean takeWriterPlace() {
        int busy;
        while ((busy = writing.get()) < WRITERS) {
            if (writing.compareAndSet(busy, busy + 1)) {
                return true;
            }
        }
        return false;
    }

    private void drain() {
        try {
            List<PendingEnd> batch;
            while (!(batch = take()).isEmpty()) {
                writeOrSplit(batch);
            }
        } finally {
            writing.decrementAndGet();
        }
        // an ending added between the last take and giving the place back is not left behind
        if (!pending.isEmpty() && takeWriterPlace()) {
            try {
                background.execute(this::drain);
            } catch (RejectedExecutionException stopping) {
                writing.decrementAndGet();
            }
        }
    }

    private List<PendingEnd> take() {
        List<PendingEnd> batch = new ArrayList<>();
        PendingEnd next;
        while (batch.size() < MAX_BATCH && (next = pending.poll()) != null) {
            batch.add(next);
        }
        return batch;
    }

    /**
     * One bad ending must not cost the others theirs: a failed batch is written again one by one. When the database
     * is away, the whole batch waits for it instead.
     */
    private void writeOrSplit(List<PendingEnd> batch) {
        try {
            statements.write(batch);
            batch.forEach(this::announce);
        } catch (RuntimeException batchFailed) {
            if (DatabaseOutage.causedBy(batchFailed)) {
                // one by one would only wait for the pool's timeout once per ending
                batch.forEach(end -> retryLater(end, batchFailed));
                return;
            }
            for (PendingEnd end : batch) {
                try {
                    statements.write(List.of(end));
                    announce(end);
                } catch (RuntimeException e) {
                    if (DatabaseOutage.causedBy(e)) {
                        retryLater(end, e);
                    } else {
                        log.error("Finishing generation {} failed", end.generationId(), e);
                        announce(end);
                    }
                }
            }
        }
    }

    /**
     * The gateway may already have charged for the result, so while the database is unreachable it is kept and written
     * again with growing pauses. The job stays in flight meanwhile, so its lease is renewed as soon as the database is back.
     */
    private void retryLater(PendingEnd end, RuntimeException failure) {
        if (end.attempt() == 0) {
            log.warn("Generation {} is finished but the database is unreachable; saving it as soon as it is back ({})",
                    end.generationId(), DatabaseOutage.summary(failure));
        }
        Duration wait = Backoff.after(FIRST_RETRY, MAX_RETRY, end.attempt() + 1);
        try {
            // the scheduler's few threads only hand it over: writing blocks while the database is away
            scheduler.schedule(() -> background.execute(() -> add(end.retried())), Instant.now().plus(wait));
        } catch (RejectedExecutionException stopping) {
            log.error("Generation {} could not be saved before shutdown", end.generationId());
        }
    }

    private void announce(PendingEnd end) {
        if (end.attempt() > 0) {
            log.info("Generation {} saved after {} attempts: the database is back", end.generationId(), end.attempt() + 1);
        }
        if (end.written() != null) {
            try {
                end.written().run();
            } catch (RuntimeException e) {
                // e.g. the task threads are gone at shutdown; the ending itself is committed either way
                log.debug("After finishing generation {}: {}", end.generationId(), e.toString());
            }
        }
    }
}
