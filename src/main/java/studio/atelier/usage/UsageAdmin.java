package studio.atelier.usage;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The admin side of usage (the admin console builds its pages on this): prices are versioned (each change is a new
 * row, history is never rewritten), quotas per person or as the default for everyone.
 */
@Service
public class UsageAdmin {

    private final Prices prices;
    private final Quotas quotas;
    private final UsagePeriods periods;

    UsageAdmin(Prices prices, Quotas quotas, UsagePeriods periods) {
        this.prices = prices;
        this.quotas = quotas;
        this.periods = periods;
    }

    /** Adds a new price version; records already written keep the price they were charged at. */
    @Transactional
    public Price setPrice(NewPrice price, Long adminId) {
        return prices.add(price, adminId, periods.now());
    }

    /** The price that applies now to a provider's model (free when none was set). */
    @Transactional(readOnly = true)
    public Price currentPrice(String providerId, String model) {
        return prices.at(providerId, model, periods.now());
    }

    /** Every version for a provider, newest first per model. */
    @Transactional(readOnly = true)
    public List<Price> priceHistory(String providerId) {
        return prices.history(providerId);
    }

    @Transactional
    public void setQuota(long userId, Limits limits) {
        quotas.setOwn(userId, limits, periods.now());
    }

    /** Back to the default limits. */
    @Transactional
    public void clearQuota(long userId) {
        quotas.clearOwn(userId);
    }

    @Transactional
    public void setDefaultQuota(Limits limits) {
        quotas.setDefaults(limits, periods.now());
    }

    @Transactional(readOnly = true)
    public Limits effectiveQuota(long userId) {
        return quotas.effective(userId);
    }
}
