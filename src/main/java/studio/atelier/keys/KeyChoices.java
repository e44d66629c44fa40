package studio.atelier.keys;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The key each person's submissions go with, still sealed (it is opened for each use): every submission asks, and a
 * lone person's come further apart than a short cache would keep it. Any change that can change the answer (a key
 * added, deleted, re-sealed, tested, refused or working again) forgets them all, on every node ({@link PreferredKeys}).
 * Which key that worked goes first is otherwise seen within the cache's freshness, as "last worked" is noted once a
 * minute anyway.
 */
@Component
class KeyChoices {

    private final PreferredKeys preferred;
    /**
     * Keys this node has seen marked as refused: their next success must clear the mark at once, even within the minute
     * in which uses are not written again (see {@link KeyUses}). A refusal made on another node forgets the choices here,
     * so the key is read again, and seen refused, before the next call made with it.
     */
    private final Set<Long> seenRejected = ConcurrentHashMap.newKeySet();

    /** A key as a choice needs it. */
    record Candidate(long id, SecretCipher.Sealed sealed, boolean rejected, Instant workedAt, Instant createdAt) {
    }

    KeyChoices(PreferredKeys preferred) {
        this.preferred = preferred;
    }

    /** The owner's own key for the provider (never a team's key they stored): the chosen one, or the preferred one. */
    Optional<Candidate> choose(long ownerId, String providerId, Long keyId) {
        Optional<Candidate> chosen = preferred.of(ownerId, providerId, keyId);
        chosen.filter(Candidate::rejected).ifPresent(key -> noteRejected(key.id()));
        return chosen;
    }

    /** Call it in the transaction that changes a person's keys. */
    void forget() {
        preferred.forget();
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
}
