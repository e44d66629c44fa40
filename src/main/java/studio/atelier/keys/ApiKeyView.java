package studio.atelier.keys;

import java.time.Instant;

/** A stored key as pages show it: masked, never the secret. */
public record ApiKeyView(long id, String providerId, String label, String masked, Instant createdAt, Instant lastUsedAt,
        Instant lastCheckAt, Boolean lastCheckOk, String lastCheckMessage, Instant lastWorkedAt, Instant rejectedAt) {

    /** The gateway refused it (on a test or a generation) and it has not worked since. */
    public boolean rejected() {
        return rejectedAt != null;
    }

    /**
     * What the latest test or use said, as the end of a {@code keys.status.*} message code: {@code rejected}, {@code ok},
     * {@code failed} (the test could not tell, e.g. the gateway was unreachable) or {@code untested}.
     */
    public String status() {
        if (rejected()) {
            return "rejected";
        }
        if (lastWorkedAt != null && (lastCheckAt == null || !lastWorkedAt.isBefore(lastCheckAt))) {
            return "ok";
        }
        return lastCheckOk == null ? "untested" : lastCheckOk ? "ok" : "failed";
    }
}
