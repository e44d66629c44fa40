package studio.atelier.generation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
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
    private final studio.atelier.account.AccountLocks owners;

    JobQueue(JdbcClient jdbc, GenerationRepository generations,
            org.springframework.context.ApplicationEventPublisher events, Clock clock, studio.atelier.account.AccountLocks owners) {
        this.owners = owners;
        this.jdbc = jdbc;
        this.generations = generations;
        this.events = events;
        this.clock = clock;
    }

    /** A job just written, and whether it starts at once on this node (RUNNING) or waits for a claim (QUEUED). */
    record Added(long id, boolean started) {
    }

    /** Where and until when a job starting at once runs, if its person has a place free (see {@link #add}). */
    record RunHere(String workerId, Instant startedAt, Instant leaseUntil, int perUserRunning) {
    }

    /**
     * Writes a new job. With a {@code place} (this node has room; without one the job is only queued and takes no lock),
     * it first locks the person's row until the transaction ends, so two submissions cannot both take their last place,
     * and a claim of their queued jobs leaves them for its next round instead of counting before the new job is visible.
     * The insert then counts the person's queued and running jobs and writes it RUNNING on this node when nothing of
     * theirs is waiting (they keep their order) and fewer than the per-person limit are in flight; otherwise QUEUED.
     * Under READ COMMITTED (the default of both databases, which this relies on) the insert's snapshot is taken after the
     * lock was granted, so it sees every job of the person's earlier submissions. Plain SQL rather than the entity,
     * because it runs for every submission.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    Added add(long ownerId, GenerationRequest request, Instant queuedAt, Long retryOf, RunHere place) {
        Integer n = request.parameters().n();
        String columns = "insert into generation (owner_id, provider_id, model, api_key_id, prompt, prompt_search, system_prompt, "
                + "parameters, stream, images_requested, queued_at, retry_of, team_id, status, worker_id, started_at, lease_until) ";
        String values = ":owner, :provider, :model, :key, :prompt, :search, :system, :parameters, :stream, :images, :queued, :retryOf, :team";
        String insert = place == null
                ? columns + "values (" + values + ", 'QUEUED', null, null, null)"
                : columns + "select " + values + ", case when r.room then 'RUNNING' else 'QUEUED' end, "
                        + "case when r.room then :worker end, case when r.room then cast(:started as timestamp with time zone) end, "
                        + "case when r.room then cast(:lease as timestamp with time zone) end "
                        + "from (select count(*) < :perUser and coalesce(sum(case when status = 'QUEUED' then 1 else 0 end), 0) = 0 "
                        + "as room from generation where owner_id = :owner and status in ('QUEUED', 'RUNNING')) r";
        var params = new MapSqlParameterSource()
                .addValue("owner", ownerId).addValue("provider", request.providerId()).addValue("model", request.model())
                .addValue("key", request.apiKeyId(), java.sql.Types.BIGINT).addValue("prompt", request.prompt())
                .addValue("search", request.prompt().toLowerCase(java.util.Locale.ROOT))
                .addValue("system", request.systemPrompt(), java.sql.Types.VARCHAR).addValue("parameters", request.parameters().toJson())
                .addValue("stream", request.parameters().stream()).addValue("images", n == null ? 1 : n)
                .addValue("queued", Timestamp.from(queuedAt)).addValue("retryOf", retryOf, java.sql.Types.BIGINT)
                .addValue("team", request.teamId(), java.sql.Types.BIGINT);
        if (place != null) {
            params.addValue("worker", place.workerId(), java.sql.Types.VARCHAR)
                    .addValue("started", Timestamp.from(place.startedAt()), java.sql.Types.TIMESTAMP)
                    .addValue("lease", Timestamp.from(place.leaseUntil()), java.sql.Types.TIMESTAMP)
                    .addValue("perUser", place.perUserRunning());
            owners.lock(ownerId);
        }
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql(insert).paramSource(params).update(keys, "id", "status");
        Map<String, Object> written = keys.getKeys();
        return new Added(((Number) value(written, "id")).longValue(),
                GenerationStatus.RUNNING.name().equals(String.valueOf(value(written, "status"))));
    }

    /** Generated keys come back named as the database spells its columns (H2 may upper-case them). */
    private static Object value(Map<String, Object> keys, String column) {
        return keys.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(column)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + column + " returned for the new generation")).getValue();
    }

    @Transactional
    List<Claimed> claim(String workerId, int capacity, int perUserRunning, java.time.Duration lease) {
        if (capacity <= 0) {
            return List.of();
        }
        jdbc.sql("select id from job_claim_lock where id = 1 for update").query(Integer.class).single();
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
        if (candidates.isEmpty()) {
            return List.of();
        }
        // A submission may be starting one of these people's jobs at once (see add): their running count is
        // only known once it has committed, so their jobs wait for the next round instead.
        java.util.Set<Long> people = owners.lockAvailable(candidates.stream().map(Claimed::ownerId).distinct().toList());
        if (people.isEmpty()) {
            return List.of();
        }
        Map<Long, Integer> running = new HashMap<>();
        jdbc.sql("select owner_id, count(*) from generation where status = 'RUNNING' and owner_id in (:o) group by owner_id")
                .param("o", people).query((rs, n) -> running.put(rs.getLong(1), rs.getInt(2))).list();
        List<Claimed> claimed = new ArrayList<>();
        for (Claimed c : candidates) {
            if (claimed.size() >= capacity) {
                break;
            }
            if (!people.contains(c.ownerId())) {
                continue;
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
        // Rows being ended right now are skipped, not waited for: an ending needs no lease, and waiting for rows that a
        // batch of endings locks in another order would deadlock.
        List<Long> renewable = jdbc.sql("select id from generation where worker_id = :w and status = 'RUNNING' and id in (:ids) "
                        + "order by id for update skip locked")
                .param("w", workerId).param("ids", inFlight).query(Long.class).list();
        if (!renewable.isEmpty()) {
            jdbc.sql("update generation set lease_until = :lease where id in (:ids)")
                    .param("lease", Timestamp.from(clock.instant().plus(lease))).param("ids", renewable).update();
        }
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
