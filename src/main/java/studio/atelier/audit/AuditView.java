package studio.atelier.audit;

import java.time.Instant;

public record AuditView(long id, Long actorId, String actorName, String action, String targetType, String targetId,
        String before, String after, String reason, String clientAddress, Instant occurredAt) {
}
