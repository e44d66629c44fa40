package studio.atelier.keys;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import studio.atelier.keys.KeyChoices.Candidate;

/**
 * Which of a person's own keys a submission goes with, still sealed, cached: every submission asks, and a lone person's
 * come further apart than a short cache would keep it. Any change that can change the answer clears it on every node as
 * it commits ({@link KeyChoices#forget()}).
 */
@Component
class PreferredKeys {

    private static final Comparator<Candidate> PREFERRED = KeyPreference.order(Candidate::rejected, Candidate::workedAt,
            Candidate::createdAt, Candidate::id);

    private final JdbcClient jdbc;

    PreferredKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The chosen key ({@code keyId}), or without one the key preferred for the provider. Plain SQL, because the
     * repository's query costs several times more CPU than the statement itself. A person has a handful of keys for a
     * provider, so the preferred one is picked here, by the same rule as the page's menu.
     */
    @Cacheable(cacheNames = "api-keys", sync = true)
    Optional<Candidate> of(long ownerId, String providerId, Long keyId) {
        String sql = "select id, ciphertext, key_id, rejected_at, last_worked_at, created_at from api_key "
                + "where owner_id = :o and provider_id = :p and team_id is null" + (keyId == null ? "" : " and id = :k");
        var statement = jdbc.sql(sql).param("o", ownerId).param("p", providerId);
        return (keyId == null ? statement : statement.param("k", keyId)).query(PreferredKeys::candidate).list()
                .stream().min(PREFERRED);
    }

    @CacheEvict(cacheNames = "api-keys", allEntries = true)
    void forget() {
        // the annotation does the work
    }

    private static Candidate candidate(ResultSet rs, int row) throws SQLException {
        return new Candidate(rs.getLong(1), new SecretCipher.Sealed(rs.getString(2), rs.getString(3)), rs.getTimestamp(4) != null,
                instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)));
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }
}
