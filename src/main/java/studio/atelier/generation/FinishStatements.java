package studio.atelier.generation;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import studio.atelier.generation.image.StoredImage;
import studio.atelier.keys.ApiKeyService;
import studio.atelier.keys.KeyUse;

/**
 * Writes a batch of endings in one transaction, in plain JDBC batches because this runs for every generation: one
 * statement ends every job that is still RUNNING on its worker with no cancel requested, one adds their images. A job the
 * statement did not end is looked at again (rare): the owner asked to cancel it (it ends CANCELLED), or someone else
 * already ended it (nothing is written). The finished events are published inside the transaction, so what their
 * listeners write (the usage record and the day's total) commits with the ending or not at all.
 */
@Component
class FinishStatements {

    private static final String END_RUNNING = "update generation set status = ?, error_kind = ?, error_message = ?, http_status = ?, "
            + "upstream_id = ?, finish_reason = ?, reply_text = ?, raw_reply = ?, prompt_tokens = ?, completion_tokens = ?, "
            + "total_tokens = ?, upstream_latency_ms = ?, image_count = ?, finished_at = ?, api_key_id = coalesce(?, api_key_id), "
            + "worker_id = null, lease_until = null, progress = null where id = ? and status = 'RUNNING' and (? or worker_id = ?)";

    private static final String ADD_IMAGE = "insert into generation_image (generation_id, owner_id, position, sha256, format, "
            + "size_bytes, width, height, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;
    private final ApiKeyService apiKeys;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    FinishStatements(JdbcTemplate jdbc, ApiKeyService apiKeys, TransactionTemplate tx, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.apiKeys = apiKeys;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
    }

    void write(List<PendingEnd> batch) {
        tx.executeWithoutResult(status -> {
            Instant now = clock.instant();
            // Key rows first, in order: writers lock keys, then generations, then day rows, so two of them never wait on
            // each other in opposite orders. (The later of two endings with one key says what the key is like now.)
            Map<Long, KeyUse> usedKeys = new TreeMap<>();
            for (PendingEnd end : batch) {
                if (end.keyId() != null) {
                    usedKeys.put(end.keyId(), end.ending().keyUse());
                }
            }
            usedKeys.forEach(apiKeys::recordUse);
            List<PendingEnd> written = endRunning(batch, now);
            addImages(written, now);
            for (PendingEnd end : written) {
                events.publishEvent(end.finishedEvent(now));
            }
        });
    }

    /** @return the endings applied, a cancelled one as such */
    private List<PendingEnd> endRunning(List<PendingEnd> batch, Instant now) {
        int[] ended = jdbc.batchUpdate(END_RUNNING + " and cancel_requested = false", batch, batch.size(),
                (ps, end) -> bindEnd(ps, end, now))[0];
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
        return written;
    }

    private void addImages(List<PendingEnd> written, Instant now) {
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
            jdbc.batchUpdate(ADD_IMAGE, images);
        }
    }

    private static void bindEnd(PreparedStatement ps, PendingEnd end, Instant now) throws SQLException {
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
    }

    private boolean cancelRequested(PendingEnd end) {
        return Boolean.TRUE.equals(jdbc.query("select cancel_requested from generation where id = ? and status = 'RUNNING' "
                + "and (? or worker_id = ?) for update", rs -> rs.next() ? rs.getBoolean(1) : null, end.generationId(),
                end.expectedWorker() == null, end.expectedWorker()));
    }
}
