package studio.atelier.admin;

import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.shared.AdminOnly;
import studio.atelier.audit.Actor;
import studio.atelier.audit.AuditAction;
import studio.atelier.audit.AuditLog;
import studio.atelier.usage.Limits;
import studio.atelier.usage.NewPrice;
import studio.atelier.usage.Price;
import studio.atelier.usage.UsageAdmin;

/** Admin changes to prices and quotas; each change and its audit entry commit together or not at all. */
@AdminOnly
@Service
public class AdminUsageActions {

    private final UsageAdmin usage;
    private final AuditLog audit;

    AdminUsageActions(UsageAdmin usage, AuditLog audit) {
        this.usage = usage;
        this.audit = audit;
    }

    @Transactional
    public Price setPrice(Actor actor, NewPrice price) {
        Price before = usage.currentPrice(price.providerId(), price.model());
        Price saved = usage.setPrice(price, actor.userId());
        audit.record(actor, AuditAction.PRICE_SET, "price", saved.providerId() + ":" + saved.model(),
                before.id() == null || !before.model().equals(saved.model()) ? null : describe(before), describe(saved), null);
        return saved;
    }

    /** Sets this person's own limits, or (limits null) returns them to the default. */
    @Transactional
    public void setQuota(Actor actor, long userId, Limits limits) {
        Optional<Limits> before = usage.ownQuota(userId);
        if (limits == null) {
            usage.clearQuota(userId);
        } else {
            usage.setQuota(userId, limits);
        }
        audit.record(actor, AuditAction.QUOTA_CHANGED, "user", userId, describe(before.orElse(null)), describe(limits), null);
    }

    @Transactional
    public void setDefaultQuota(Actor actor, Limits limits) {
        Limits before = usage.defaultQuota();
        usage.setDefaultQuota(limits);
        audit.record(actor, AuditAction.QUOTA_CHANGED, "quota", "default", describe(before), describe(limits), null);
    }

    static String describe(Limits l) {
        if (l == null) {
            return "default";
        }
        return "requestsPerDay=" + orUnlimited(l.requestsPerDay()) + ", imagesPerMonth=" + orUnlimited(l.imagesPerMonth())
                + ", costPerMonth=" + (l.costPerMonth() == null ? "unlimited" : l.costPerMonth().stripTrailingZeros().toPlainString());
    }

    static String describe(Price p) {
        return "perCall=" + p.perCall().stripTrailingZeros().toPlainString() + ", perImage=" + p.perImage().stripTrailingZeros().toPlainString()
                + ", per1kTokens=" + p.per1kTokens().stripTrailingZeros().toPlainString() + ", failedCall="
                + p.failedCallCost().stripTrailingZeros().toPlainString() + " " + p.currency() + " (version " + p.id() + ")";
    }

    private static String orUnlimited(Integer n) {
        return n == null ? "unlimited" : n.toString();
    }
}
