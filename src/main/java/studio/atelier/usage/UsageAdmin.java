package studio.atelier.usage;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.shared.AdminOnly;

/**
 * The admin side of usage (the admin console builds its pages on this): prices are versioned (each change is a new
 * row, history is never rewritten), quotas per person or as the default for everyone.
 */
@AdminOnly
@Service
public class UsageAdmin {

    private final Prices prices;
    private final Quotas quotas;
    private final UsagePeriods periods;
    private final AdminUsageQueries usage;
    private final UsageSettings settings;

    UsageAdmin(Prices prices, Quotas quotas, UsagePeriods periods, AdminUsageQueries usage, UsageSettings settings) {
        this.prices = prices;
        this.quotas = quotas;
        this.periods = periods;
        this.usage = usage;
        this.settings = settings;
    }

    /** Columns the usage table sorts by: user, requests, success, images, tokens, cost. */
    public static java.util.Set<String> sortColumns() {
        return AdminUsageQueries.SORTS.keySet();
    }

    /** Usage per person for the range, searchable by username (contains, case-insensitive), sorted, one page. */
    @Transactional(readOnly = true)
    public UserUsagePage usageByUser(UsageRange range, String search, String sort, boolean ascending, int page, int size) {
        return usage.byUser(range, search, sort, ascending, Math.max(0, page), Math.max(1, size));
    }

    /** The dashboard's figures: totals, chart, errors, models and the top people by cost. */
    @Transactional(readOnly = true)
    public UsageOverview overview(UsageRange range, int topUsers) {
        return usage.overview(range, topUsers);
    }

    /** Usage this calendar month per person (people without usage are missing from the map). */
    @Transactional(readOnly = true)
    public java.util.Map<Long, MonthUsage> usageThisMonth(java.util.Collection<Long> userIds) {
        return usage.thisMonth(userIds);
    }

    /** The currency prices default to and costs are shown in. */
    public String currency() {
        return settings.currency();
    }

    /** This person's own limits, empty when the default applies. */
    @Transactional(readOnly = true)
    public java.util.Optional<Limits> ownQuota(long userId) {
        return quotas.own(userId);
    }

    @Transactional(readOnly = true)
    public Limits defaultQuota() {
        return quotas.defaults();
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
