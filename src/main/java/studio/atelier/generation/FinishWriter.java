package studio.atelier.generation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import studio.atelier.apikey.ApiKeyService;
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

    /** How one generation ends, decided after its gateway call; applied only if the job is still this worker's. */
    interface Ending {
        void apply(Generation generation, Instant at);
    }

    /**
     * @param expectedWorker  the worker that must still own the job (null: any RUNNING job, e.g. it was never sent)
     * @param keyId           the key the call was made with, when one was
     * @param written         run after the transaction, whether or not the ending was applied
     */
    record PendingEnd(long generationId, String expectedWorker, Ending ending, boolean reachedGateway, Long keyId,
            Runnable written, int attempt) {

        PendingEnd retried() {
            return new PendingEnd(generationId, expectedWorker, ending, reachedGateway, keyId, written, attempt + 1);
        }
    }

    private final GenerationRepository generations;
    private final ApiKeyService apiKeys;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Queue<PendingEnd> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger writing = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();
    private final ScheduledExecutorService writer = Executors.newScheduledThreadPool(WRITERS, r -> {
        Thread t = new Thread(r, "generation-finish-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    FinishWriter(GenerationRepository generations, ApiKeyService apiKeys, TransactionTemplate tx, ApplicationEventPublisher events,
            Clock clock) {
        this.generations = generations;
        this.apiKeys = apiKeys;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
    }

    void add(PendingEnd end) {
        pending.add(end);
        writeSoon();
    }

    private void writeSoon() {
        int busy;
        while ((busy = writing.get()) < WRITERS) {
            if (writing.compareAndSet(busy, busy + 1)) {
                writer.execute(this::drain);
                return;
            }
        }
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
        // an ending added between the last take and clearing the flag is not left behind
        if (!pending.isEmpty()) {
            writeSoon();
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
            write(batch);
            batch.forEach(this::announce);
        } catch (RuntimeException batchFailed) {
            if (DatabaseOutage.causedBy(batchFailed) && !writer.isShutdown()) {
                // one by one would only wait for the pool's timeout once per ending
                batch.forEach(end -> retryLater(end, batchFailed));
                return;
            }
            for (PendingEnd end : batch) {
                try {
                    write(List.of(end));
                    announce(end);
                } catch (RuntimeException e) {
                    if (DatabaseOutage.causedBy(e) && !writer.isShutdown()) {
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
        long wait = FailureStreak.backoff(FIRST_RETRY, MAX_RETRY, end.attempt() + 1).toMillis();
        try {
            writer.schedule(() -> add(end.retried()), wait, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            log.error("Generation {} could not be saved before shutdown", end.generationId());
        }
    }

    private void write(List<PendingEnd> batch) {
        tx.executeWithoutResult(status -> {
            Map<Long, Generation> byId = generations.findAllById(batch.stream().map(PendingEnd::generationId).toList()).stream()
                    .collect(Collectors.toMap(Generation::id, Function.identity()));
            Set<Long> usedKeys = new LinkedHashSet<>();
            for (PendingEnd end : batch) {
                Generation g = byId.get(end.generationId());
                // Someone else already decided: the owner cancelled, or the lease expired and recovery interrupted it.
                if (g == null || g.status() != GenerationStatus.RUNNING
                        || (end.expectedWorker() != null && !end.expectedWorker().equals(g.workerId()))) {
                    continue;
                }
                if (end.keyId() != null) {
                    g.usedKey(end.keyId());
                    usedKeys.add(end.keyId());
                }
                if (g.cancelRequested()) {
                    g.cancel(clock.instant());
                } else {
                    end.ending().apply(g, clock.instant());
                }
                events.publishEvent(g.finishedEvent(end.reachedGateway()));
            }
            usedKeys.forEach(apiKeys::recordUse);
        });
    }

    private void announce(PendingEnd end) {
        if (end.attempt() > 0) {
            log.info("Generation {} saved after {} attempts: the database is back", end.generationId(), end.attempt() + 1);
        }
        if (end.written() != null) {
            try {
                end.written().run();
            } catch (RuntimeException e) {
                // e.g. the worker's threads are gone at shutdown; the ending itself is committed either way
                log.debug("After finishing generation {}: {}", end.generationId(), e.toString());
            }
        }
    }

    @PreDestroy
    void stop() {
        writer.shutdown();
    }
}
