package studio.atelier.audit;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

@Entity
@Immutable
@Table(name = "audit_entry")
class AuditEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "actor_id")
    private Long actorId;
    @Column(name = "actor_name")
    private String actorName;
    private String action;
    @Column(name = "target_type")
    private String targetType;
    @Column(name = "target_id")
    private String targetId;
    @Column(name = "before_value")
    private String beforeValue;
    @Column(name = "after_value")
    private String afterValue;
    private String reason;
    @Column(name = "client_address")
    private String clientAddress;
    @Column(name = "occurred_at")
    private Instant occurredAt;

    protected AuditEntry() {
    }

    AuditEntry(Actor actor, AuditAction action, String targetType, String targetId, String before, String after, String reason,
            Instant at) {
        this.actorId = actor.userId();
        this.actorName = cut(actor.username(), 200);
        this.action = action.name();
        this.targetType = targetType;
        this.targetId = cut(targetId, 100);
        this.beforeValue = cut(before, 4000);
        this.afterValue = cut(after, 4000);
        this.reason = cut(reason, 1000);
        this.clientAddress = cut(actor.clientAddress(), 64);
        this.occurredAt = at;
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    AuditView toView() {
        return new AuditView(id, actorId, actorName, action, targetType, targetId, beforeValue, afterValue, reason, clientAddress,
                occurredAt);
    }
}
