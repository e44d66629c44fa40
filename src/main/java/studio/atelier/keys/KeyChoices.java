package studio.atelier.keys;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import studio.atelier.shared.RecentReads;
import studio.atelier.shared.RecentlyRead;

/**
 * The key each person's submissions go with, still sealed (it is opened for each use): every submission asks, and a
 * lone person's come further apart than a short cache would keep it. Any change that can change the answer (a key
 * added, deleted, re-sealed, tested, refused or working again) forgets them all, on every node (see {@link RecentReads}).
 * Which key that worked goes first is otherwise seen within the cache's freshness, as "last worked" is noted once a
 * minute anyway.
 */
@Component
class KeyChoices {

    private static final Comparator<Candidate> PREFERRED = KeyPreference.order(Candidate::rejected, Candidate::workedAt,
            Candidate::createdAt, Candidate::id);

    private final JdbcClient jdbc;
    private final RecentlyRead<KeyChoice, Optional<Candidate>> recent;
    /**
     * Keys this node has seen marked as refused: their next success must clear the mark at once, even within the minute
     * in which uses are not written again (see {@link KeyUses}). A refusal made on another node forgets the choices here,
     * so the key is read again, and seen refused, before the next call made with it.
     */
    private final Set<Long> seenRejected = ConcurrentHashMap.newKeySet();

    /** Which key a person's submission asks for: a chosen one, or (no id) the one they prefer for the provider. */
    private record KeyChoice(long ownerId, String providerId, Long keyId) {
    }

    /** A key as a choice needs it. */
    record Candidate(long id, SecretCipher.Sealed sealed, boolean rejected, Instant workedAt, Instant createdAt) {
    }

    KeyChoices(JdbcClient jdbc, RecentReads recentReads) {
        this.jdbc = jdbc;
        this.recent = recentReads.named("api-keys", 10_000);
    }

    /** The owner's own key for the provider (never a team's key they stored): the chosen one, or the preferred one. */
    Optional<Candidate> choose(long ownerId, String providerId, Long keyId) {
        Optional<Candidate> chosen = recent.get(new KeyChoice(ownerId, providerId, keyId), this::read);
        chosen.filter(Candidate::rejected).ifPresent(key -> noteRejected(key.id()));
        return chosen;
    }

    /** Call it in the transaction that changes a person's keys. */
    void forget() {
        recent.forget();
    }

    void noteRejected(long keyId) {
        if (seenRejected.size() > 10_000) {
            seenRejected.clear(); // deleted keys must not grow it without bound; a key forgotten here is clear within a minute
        }
        seenRejected.add(keyId);
    }

    boolean seenRejected(long keyId) {
        return seenRejected.contains(keyId);
    }

    void noteWorking(long keyId) {
        seenRejected.remove(keyId);
    }

    /**
     * Plain SQL, because the repository's query costs several times more CPU than the statement itself. A person has a
     * handful of keys for a provider, so the preferred one is picked here, by the same rule as the page's menu.
     */
    private Optional<Candidate> read(KeyChoice choice) {
        String sql = "select id, ciphertext, key_id, rejected_at, last_worked_at, created_at from api_key "
                + "where owner_id = :o and provider_id = :p and team_id is null" + (choice.keyId() == null ? "" : " and id = :k");
        var statement = jdbc.sql(sql).param("o", choice.ownerId()).param("p", choice.providerId());
        return (choice.keyId() == null ? statement : statement.param("k", choice.keyId())).query(KeyChoices::candidate).list()
                .stream().min(PREFERRED);
    }

    private static Candidate candidate(ResultSet rs, int row) throws SQLException {
        return new Candidate(rs.getLong(1), new SecretCipher.Sealed(rs.getString(2), rs.getString(3)), rs.getTimestamp(4) != null,
                instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)));
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }
}
