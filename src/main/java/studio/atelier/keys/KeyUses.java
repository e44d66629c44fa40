package studio.atelier.keys;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Notes what calls made with stored keys (a person's or a team's) said: when a key was last used, when it last worked,
 * and whether the gateway refused it. Called inside the transaction that ends the generation.
 */
@Component
class KeyUses {

    private final JdbcClient jdbc;
    private final KeyChoices choices;
    private final Clock clock;
    private final Map<Long, Instant> recentlyUsed = new ConcurrentHashMap<>();
    private final Map<Long, Instant> recentlyWorked = new ConcurrentHashMap<>();

    KeyUses(JdbcClient jdbc, KeyChoices choices, Clock clock) {
        this.jdbc = jdbc;
        this.choices = choices;
        this.clock = clock;
    }

    void record(long keyId, KeyUse use) {
        switch (use) {
            case WORKED -> worked(keyId);
            case REJECTED -> rejected(keyId);
            case INCONCLUSIVE -> used(keyId);
        }
    }

    /**
     * At most once a minute per key, so that hundreds of generations finishing together neither queue up on one row's
     * lock nor each pay for a statement; a minute is all "last used" promises.
     */
    private void used(long keyId) {
        Instant now = clock.instant();
        Instant before = now.minusSeconds(60);
        if (touchedSince(recentlyUsed, keyId, before)) {
            return;
        }
        jdbc.sql("update api_key set last_used_at = :now where id = :id and (last_used_at is null or last_used_at < :before)")
                .param("now", Timestamp.from(now)).param("id", keyId).param("before", Timestamp.from(before)).update();
        afterCommit(() -> remember(recentlyUsed, keyId, now, before));
    }

    /**
     * Once a minute, like {@link #used}; but a key marked as refused has the mark cleared by its first success, and the
     * first success after a test is written even within the minute, so that the key that worked last, the one
     * Generate starts with, is this one and not another key tested since.
     */
    private void worked(long keyId) {
        Instant now = clock.instant();
        Instant before = now.minusSeconds(60);
        boolean markedRejected = choices.seenRejected(keyId);
        if (!markedRejected && touchedSince(recentlyWorked, keyId, before)) {
            return;
        }
        jdbc.sql("update api_key set last_used_at = :now, last_worked_at = :now, rejected_at = null where id = :id "
                + "and (rejected_at is not null or last_worked_at is null or last_worked_at < :before or last_worked_at <= last_check_at)")
                .param("now", Timestamp.from(now)).param("id", keyId).param("before", Timestamp.from(before)).update();
        if (markedRejected) {
            choices.forget(); // it may be the preferred key again
            afterCommit(() -> choices.noteWorking(keyId));
        }
        afterCommit(() -> {
            remember(recentlyWorked, keyId, now, before);
            remember(recentlyUsed, keyId, now, before);
        });
    }

    /** Every time, as it is rare: the mark keeps Generate from offering the key first. */
    private void rejected(long keyId) {
        int marked = jdbc.sql("update api_key set rejected_at = :now where id = :id and rejected_at is null")
                .param("now", Timestamp.from(clock.instant())).param("id", keyId).update();
        if (marked > 0) {
            choices.forget();
        }
        choices.noteRejected(keyId);
        used(keyId);
    }

    private static boolean touchedSince(Map<Long, Instant> touched, long keyId, Instant since) {
        Instant at = touched.get(keyId);
        return at != null && at.isAfter(since);
    }

    private static void remember(Map<Long, Instant> touched, long keyId, Instant at, Instant before) {
        touched.put(keyId, at);
        if (touched.size() > 10_000) {
            touched.values().removeIf(t -> t.isBefore(before));
        }
    }

    /** Only once it is committed: a note undone with its transaction must not skip the next minute's. */
    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
