package studio.atelier.generation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The persisted job queue. Claiming locks one shared row first, so concurrent claims from several nodes take
 * turns and per-person limits stay exact; {@code SKIP LOCKED} keeps a claim from waiting on rows another
 * transaction is finishing.
 */
@Component
class JobQueue {

    record Claimed(long id, long ownerId) {
    }

    private final JdbcClient jdbc;
    private final GenerationRepository generations;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final Clock clock;

    JobQueue(JdbcClient jdbc, GenerationRepository generations, org.springframework.context.ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.generations = generations;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    List<Claimed> claim(String workerId, int capacity, int perUserRunning, java.time.Duration lease) {
        if (capacity <= 0) {
            return List.of();
        }
        jdbc.sql("select id from job_claim_lock where id = 1 for update").query(Integer.class).single();
        Map<Long, Integer> running = new HashMap<>();
        jdbc.sql("select owner_id, count(*) from generation where status = 'RUNNING' group by owner_id")
                .query((rs, n) -> running.put(rs.getLong(1), rs.getInt(2))).list();
        // Each person's oldest few only, so one person's long queue cannot push everyone else's work out of reach.
        List<Long> oldest = jdbc.sql("select id from (select id, queued_at, row_number() over "
                        + "(partition by owner_id order by queued_at, id) as place from generation where status = 'QUEUED') q "
                        + "where place <= :perUser order by queued_at, id limit :limit")
                .param("perUser", perUserRunning).param("limit", capacity + 20).query(Long.class).list();
        if (oldest.isEmpty()) {
            return List.of();
        }
        List<Claimed> candidates = jdbc.sql("select id, owner_id from generation where id in (:ids) and status = 'QUEUED' "
                        + "order by queued_at, id for update skip locked")
                .param("ids", oldest).query((rs, n) -> new Claimed(rs.getLong(1), rs.getLong(2))).list();
        List<Claimed> claimed = new ArrayList<>();
        for (Claimed c : candidates) {
            if (claimed.size() >= capacity) {
                break;
            }
            int busy = running.getOrDefault(c.ownerId(), 0);
            if (busy < perUserRunning) {
                running.put(c.ownerId(), busy + 1);
                claimed.add(c);
            }
        }
        if (!claimed.isEmpty()) {
            // the candidates are locked by this transaction, so one statement moves them all
            Instant now = clock.instant();
            jdbc.sql("update generation set status = 'RUNNING', worker_id = :w, started_at = :now, lease_until = :lease "
                            + "where id in (:ids) and status = 'QUEUED'")
                    .param("w", workerId).param("now", Timestamp.from(now)).param("lease", Timestamp.from(now.plus(lease)))
                    .param("ids", claimed.stream().map(Claimed::id).toList()).update();
        }
        return claimed;
    }

    /**
     * Renews the leases of the jobs this node is actually running ({@code inFlight}); returns those whose owner asked
     * to cancel them. A job this node claimed but lost track of (its start failed, the database went away while its
     * result was being saved and it gave up) is not renewed: its lease runs out and it becomes INTERRUPTED instead of
     * looking busy for as long as the node lives.
     */
    @Transactional
    List<Long> heartbeat(String workerId, java.time.Duration lease, List<Long> inFlight) {
        if (inFlight.isEmpty()) {
            return List.of();
        }
        jdbc.sql("update generation set lease_until = :lease where worker_id = :w and status = 'RUNNING' and id in (:ids)")
                .param("lease", Timestamp.from(clock.instant().plus(lease))).param("w", workerId).param("ids", inFlight).update();
        return jdbc.sql("select id from generation where worker_id = :w and status = 'RUNNING' and cancel_requested = true "
                        + "and id in (:ids)")
                .param("w", workerId).param("ids", inFlight).query(Long.class).list();
    }

    /**
     * Jobs whose node stopped renewing the lease. They are never re-sent: the gateway may already have billed
     * the call, so the person decides with Retry.
     */
    @Transactional
    int interruptExpired() {
        Instant now = clock.instant();
        List<Long> expired = jdbc.sql("select id from generation where status = 'RUNNING' and lease_until < :now "
                        + "order by id for update skip locked")
                .param("now", Timestamp.from(now)).query(Long.class).list();
        for (Long id : expired) {
            Generation g = generations.findById(id).orElseThrow();
            g.interrupt(now);
            // it was sent and may have been billed: usage records it like any other attempt that reached the gateway
            events.publishEvent(g.finishedEvent(true));
        }
        return expired.size();
    }

    @Transactional
    void progress(long id, String workerId, String text) {
        jdbc.sql("update generation set progress = :p where id = :id and worker_id = :w and status = 'RUNNING'")
                .param("p", Generation.truncate(text, 300)).param("id", id).param("w", workerId).update();
    }

    /** @return true when the job was still queued and is now cancelled without ever being sent */
    @Transactional
    boolean cancelQueued(long id, long ownerId) {
        return jdbc.sql("update generation set status = 'CANCELLED', error_kind = 'CANCELLED', finished_at = :now "
                        + "where id = :id and owner_id = :o and status = 'QUEUED'")
                .param("now", Timestamp.from(clock.instant())).param("id", id).param("o", ownerId).update() == 1;
    }

    @Transactional
    boolean requestCancel(long id, long ownerId) {
        return jdbc.sql("update generation set cancel_requested = true where id = :id and owner_id = :o and status = 'RUNNING'")
                .param("id", id).param("o", ownerId).update() == 1;
    }
}
