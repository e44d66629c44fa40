package studio.atelier.generation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import studio.atelier.keys.ApiKeyService;
import studio.atelier.keys.KeyUse;
import studio.atelier.generation.image.StoredImage;
import studio.atelier.shared.DatabaseKind;
import studio.atelier.shared.DatabaseOutage;
import studio.atelier.shared.SameRequest;
import studio.atelier.gateway.GatewayErrorKind;

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

    /**
     * How one generation ends, decided after its gateway call; written only if the job is still this worker's (and
     * turned into CANCELLED if its owner asked meanwhile).
     */
    record Ending(GenerationStatus status, GenerationOutcome outcome, List<StoredImage> images) {

        static Ending succeeded(GenerationOutcome outcome, List<StoredImage> images) {
            return new Ending(GenerationStatus.SUCCEEDED, outcome, List.copyOf(images));
        }

        static Ending failed(GenerationOutcome outcome) {
            return new Ending(GenerationStatus.FAILED, outcome, List.of());
        }

        static Ending cancelled() {
            return new Ending(GenerationStatus.CANCELLED, GenerationOutcome.failure("CANCELLED", null), List.of());
        }

        /** What the gateway's answer said about the key it was called with. */
        KeyUse keyUse() {
            if (status == GenerationStatus.SUCCEEDED) {
                return KeyUse.WORKED;
            }
            return GatewayErrorKind.KEY_REJECTED.name().equals(outcome.errorKind()) ? KeyUse.REJECTED : KeyUse.INCONCLUSIVE;
        }
    }

    /** What the finished event tells about the job, known since it was claimed, so nothing has to be read again. */
    record Job(long ownerId, GenerationRequest request) {
    }

    /**
     * @param expectedWorker  the worker that must still own the job (null: any RUNNING job, e.g. it was never sent)
     * @param keyId           the key the call was made with, when one was
     * @param written         run after the transaction, whether or not the ending was applied
     */
    record PendingEnd(long generationId, Job job, String expectedWorker, Ending ending, boolean reachedGateway, Long keyId,
            Runnable written, int attempt) {

        PendingEnd retried() {
            return new PendingEnd(generationId, job, expectedWorker, ending, reachedGateway, keyId, written, attempt + 1);
        }

        PendingEnd cancelled() {
            return new PendingEnd(generationId, job, expectedWorker, Ending.cancelled(), reachedGateway, keyId, written, attempt);
        }
    }

    private final JdbcTemplate jdbc;
    /** PostgreSQL ends a lone job and adds its images in one statement; H2 takes them one at a time. */
    private final boolean oneRequest;
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

    FinishWriter(JdbcTemplate jdbc, ApiKeyService apiKeys, TransactionTemplate tx, ApplicationEventPublisher events, Clock clock)
            throws SQLException {
        this.jdbc = jdbc;
        this.oneRequest = DatabaseKind.isPostgres(jdbc.getDataSource());
        this.apiKeys = apiKeys;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Queues the ending and, when fewer than {@link #WRITERS} are writing, writes it (and whatever else is waiting) on
     * the calling thread: a hand-off to a writer thread would add a wake-up to every lone generation's latency. Callers
     * are the worker's background threads, which are there for blocking work like this.
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
                writer.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
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
        long wait = studio.atelier.shared.Backoff.after(FIRST_RETRY, MAX_RETRY, end.attempt() + 1).toMillis();
        try {
            writer.schedule(() -> add(end.retried()), wait, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            log.error("Generation {} could not be saved before shutdown", end.generationId());
        }
    }

    /**
     * Plain JDBC batches, because this runs for every generation: one statement ends every job that is still RUNNING on
     * its worker with no cancel requested, one adds their images. A job the statement did not end is looked at again
     * (rare): the owner asked to cancel it (it ends CANCELLED), or someone else already ended it (nothing is written).
     */
    private void write(List<PendingEnd> batch) {
        // A cancelled ending never passes the lone statement (its cancel was asked first): straight to the batch path.
        if (batch.size() == 1 && oneRequest && batch.get(0).ending().status() != GenerationStatus.CANCELLED && writtenAlone(batch.get(0))) {
            return;
        }
        tx.executeWithoutResult(status -> {
            Instant now = clock.instant();
            // Key rows first, in order, as a lone ending takes its key before its generation: writers lock keys, then
            // generations, then day rows, so two of them never wait on each other in opposite orders.
            // (the later of two endings with one key says what the key is like now)
            Map<Long, KeyUse> usedKeys = new TreeMap<>();
            for (PendingEnd end : batch) {
                if (end.keyId() != null) {
                    usedKeys.put(end.keyId(), end.ending().keyUse());
                }
            }
            usedKeys.forEach(apiKeys::recordUse);
            int[] ended = jdbc.batchUpdate(END_RUNNING + " and cancel_requested = false", batch, batch.size(), (ps, end) -> bindEnd(ps, end, now))[0];
            List<PendingEnd> written = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                if (ended[i] > 0) {
                    written.add(batch.get(i));
                } else if (cancelRequested(batch.get(i))) {
                    PendingEnd cancelled = batch.get(i).cancelled();
                    if (jdbc.update(END_RUNNING, ps -> bindEnd(ps, cancelled, now)) > 0) {
                        written.add(cancelled);
                    }
                }
            }
            List<Object[]> images = new ArrayList<>();
            for (PendingEnd end : written) {
                List<StoredImage> stored = end.ending().images();
                for (int position = 0; position < stored.size(); position++) {
                    StoredImage image = stored.get(position);
                    images.add(new Object[] {end.generationId(), end.job().ownerId(), position, image.sha256(), image.format().name(),
                            image.sizeBytes(), image.width(), image.height(), Timestamp.from(now)});
                }
            }
            if (!images.isEmpty()) {
                jdbc.batchUpdate("insert into generation_image (generation_id, owner_id, position, sha256, format, size_bytes, width, "
                        + "height, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", images);
            }
            for (PendingEnd end : written) {
                events.publishEvent(finishedEvent(end, now));
            }
        });
    }

    private static final String END_RUNNING = "update generation set status = ?, error_kind = ?, error_message = ?, http_status = ?, "
            + "upstream_id = ?, finish_reason = ?, reply_text = ?, raw_reply = ?, prompt_tokens = ?, completion_tokens = ?, "
            + "total_tokens = ?, upstream_latency_ms = ?, image_count = ?, finished_at = ?, api_key_id = coalesce(?, api_key_id), "
            + "worker_id = null, lease_until = null, progress = null where id = ? and status = 'RUNNING' and (? or worker_id = ?)";

    /** The job was not ended as it was (see {@link #writtenAlone}); its transaction is undone. */
    private static final class NotEndedAsItWas extends RuntimeException {
        NotEndedAsItWas() {
            super(null, null, false, false);
        }
    }

    /**
     * A job that ended alone, on PostgreSQL, in two requests: one that ends it, adds its images and carries what the
     * finished event's listeners write (the usage record and the day's total, see {@link SameRequest}), then the commit.
     * The event is published first so that listeners can offer their statements. A job the statement did not end (its
     * owner asked to cancel it meanwhile, or someone else ended it) has the whole transaction undone, the listeners' part
     * included, and is written again as a batch of one, which looks at it again.
     *
     * @return false when it was not ended and nothing was written
     */
    private boolean writtenAlone(PendingEnd end) {
        try {
            tx.executeWithoutResult(status -> {
                Instant now = clock.instant();
                // the key's row first, as a batch takes its keys first (see write)
                if (end.keyId() != null) {
                    apiKeys.recordUse(end.keyId(), end.ending().keyUse());
                }
                SameRequest request = SameRequest.open();
                events.publishEvent(finishedEvent(end, now));
                List<StoredImage> stored = end.ending().images();
                Integer ended = request.send(jdbc, endWithImages(stored.size()), ps -> bindEndWithImages(ps, end, now),
                        rs -> rs.next() ? rs.getInt(1) : 0);
                if (ended == null || ended != 1) {
                    throw new NotEndedAsItWas();
                }
            });
            return true;
        } catch (NotEndedAsItWas undone) {
            return false;
        }
    }

    /** Ends a job if it is still running as it was, and adds its images only if it did; answers how many it ended. */
    private static String endWithImages(int images) {
        StringBuilder sql = new StringBuilder("with ended as (").append(END_RUNNING).append(" and cancel_requested = false returning id, owner_id)");
        if (images > 0) {
            sql.append(", added as (insert into generation_image (generation_id, owner_id, position, sha256, format, size_bytes, width, ")
                    .append("height, created_at) select ended.id, ended.owner_id, i.position, i.sha256, i.format, i.size_bytes, i.width, ")
                    .append("i.height, ? from ended cross join (values ");
            for (int position = 0; position < images; position++) {
                sql.append(position == 0 ? "" : ", ").append("(cast(? as integer), cast(? as varchar), cast(? as varchar), "
                        + "cast(? as bigint), cast(? as integer), cast(? as integer))");
            }
            sql.append(") as i (position, sha256, format, size_bytes, width, height) returning 1)");
        }
        return sql.append(" select count(*) from ended").toString();
    }

    private static int bindEndWithImages(PreparedStatement ps, PendingEnd end, Instant now) throws SQLException {
        List<StoredImage> stored = end.ending().images();
        int i = bindEnd(ps, end, now);
        if (!stored.isEmpty()) {
            ps.setTimestamp(++i, Timestamp.from(now));
            for (int position = 0; position < stored.size(); position++) {
                StoredImage image = stored.get(position);
                ps.setInt(++i, position);
                ps.setString(++i, image.sha256());
                ps.setString(++i, image.format().name());
                ps.setLong(++i, image.sizeBytes());
                ps.setInt(++i, image.width());
                ps.setInt(++i, image.height());
            }
        }
        return i;
    }

    /** @return how many parameters it bound */
    private static int bindEnd(PreparedStatement ps, PendingEnd end, Instant now) throws SQLException {
        GenerationOutcome o = end.ending().outcome();
        int i = 0;
        ps.setString(++i, end.ending().status().name());
        ps.setString(++i, o.errorKind());
        ps.setString(++i, Generation.truncate(o.errorMessage(), 2000));
        ps.setObject(++i, o.httpStatus(), Types.INTEGER);
        ps.setString(++i, Generation.truncate(o.upstreamId(), 200));
        ps.setString(++i, Generation.truncate(o.finishReason(), 40));
        ps.setString(++i, Generation.truncate(o.replyText(), 20000));
        ps.setString(++i, Generation.truncate(o.rawReply(), 200000));
        ps.setObject(++i, o.promptTokens(), Types.INTEGER);
        ps.setObject(++i, o.completionTokens(), Types.INTEGER);
        ps.setObject(++i, o.totalTokens(), Types.INTEGER);
        ps.setObject(++i, o.upstreamLatencyMs(), Types.BIGINT);
        ps.setInt(++i, end.ending().images().size());
        ps.setTimestamp(++i, Timestamp.from(now));
        ps.setObject(++i, end.keyId(), Types.BIGINT);
        ps.setLong(++i, end.generationId());
        ps.setBoolean(++i, end.expectedWorker() == null);
        ps.setString(++i, end.expectedWorker());
        return i;
    }

    private boolean cancelRequested(PendingEnd end) {
        return Boolean.TRUE.equals(jdbc.query("select cancel_requested from generation where id = ? and status = 'RUNNING' "
                + "and (? or worker_id = ?) for update", rs -> rs.next() ? rs.getBoolean(1) : null, end.generationId(),
                end.expectedWorker() == null, end.expectedWorker()));
    }

    private static GenerationFinished finishedEvent(PendingEnd end, Instant now) {
        GenerationRequest r = end.job().request();
        GenerationOutcome o = end.ending().outcome();
        return new GenerationFinished(end.generationId(), end.job().ownerId(), r.providerId(), r.model(),
                end.keyId() != null ? end.keyId() : r.apiKeyId(), end.ending().status(), o.errorKind(), o.promptTokens(),
                o.completionTokens(), o.totalTokens(), end.ending().images().size(), o.upstreamLatencyMs(), end.reachedGateway(), now,
                r.teamId(), r.prompt());
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
