package studio.atelier.apikey;

import java.time.Instant;

/** A stored key as pages show it: masked, never the secret. */
public record ApiKeyView(long id, String providerId, String label, String masked, Instant createdAt, Instant lastUsedAt,
        Instant lastCheckAt, Boolean lastCheckOk, String lastCheckMessage) {
}
