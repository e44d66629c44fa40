package studio.atelier.usage;

import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.gateway.Provider;
import studio.atelier.gateway.ProviderCatalog;

/**
 * The usage module's facade for people: their usage page, export, quota meters, the cost of one generation and
 * per-key totals. Templates of other modules call it as {@code @usageApi} (the keys page, the generate form and the
 * gallery detail), which keeps those modules free of a dependency on usage.
 */
@Service
public class UsageApi {

    private final UsageQueries queries;
    private final QuotaGuard quotas;
    private final Prices prices;
    private final CsvExport csv;
    private final ProviderCatalog providers;
    private final UsagePeriods periods;
    private final UsageSettings settings;
    private final Quotas limits;

    UsageApi(UsageQueries queries, QuotaGuard quotas, Prices prices, CsvExport csv, ProviderCatalog providers, UsagePeriods periods,
            UsageSettings settings, Quotas limits) {
        this.limits = limits;
        this.settings = settings;
        this.queries = queries;
        this.quotas = quotas;
        this.prices = prices;
        this.csv = csv;
        this.providers = providers;
        this.periods = periods;
    }

    @Transactional(readOnly = true)
    public UsageReport report(long userId, UsageRange range) {
        return report(UsageScope.user(userId), range);
    }

    /**
     * A person's or a team's usage in the range (a team's with the breakdown by member). Callers check access: a team's
     * usage is for its owners and admins.
     */
    @Transactional(readOnly = true)
    public UsageReport report(UsageScope scope, UsageRange range) {
        return queries.report(scope, range);
    }

    /** Streams the records of the range as CSV (not inside the caller's transaction: it opens its own cursor). */
    public void exportCsv(long userId, UsageRange range, OutputStream out) {
        exportCsv(UsageScope.user(userId), range, out);
    }

    /** As {@link #exportCsv(long, UsageRange, OutputStream)} for a person or a team (a team's has a member column). */
    public void exportCsv(UsageScope scope, UsageRange range, OutputStream out) {
        Instant[] bounds = queries.bounds(range);
        csv.write(scope, bounds[0], bounds[1], queries::username, out);
    }

    /** The currency costs and budgets are shown in. */
    public String currency() {
        return settings.currency();
    }

    /** Every limit of this person with its use (in-flight generations included). */
    public List<QuotaMeter> meters(long userId) {
        return quotas.meters(userId);
    }

    /** The limits at or above the warning threshold (80 % by default), for the banner. */
    public List<QuotaMeter> warnings(long userId) {
        return quotas.meters(userId).stream().filter(m -> m.warning() || m.reached()).toList();
    }

    /** Every budget of the team with its use (the team's in-flight generations included). */
    public List<QuotaMeter> teamMeters(long teamId) {
        return quotas.teamMeters(teamId);
    }

    /** The team's budgets at or above the warning threshold, for the team banner. */
    public List<QuotaMeter> teamWarnings(long teamId) {
        return quotas.teamMeters(teamId).stream().filter(m -> m.warning() || m.reached()).toList();
    }

    /** The team's budget (all null: unlimited). */
    @Transactional(readOnly = true)
    public Limits teamLimits(long teamId) {
        return limits.team(teamId);
    }

    /** Sets the team's budget; callers check that the person is an owner or admin of the team. */
    @Transactional
    public void setTeamLimits(long teamId, Limits budget) {
        limits.setTeam(teamId, budget, periods.now());
    }

    @Transactional(readOnly = true)
    public Optional<UsageRecordView> recordOf(long userId, long generationId) {
        return queries.forGeneration(userId, generationId);
    }

    /** Requests and cost per API key id this calendar month. */
    @Transactional(readOnly = true)
    public Map<Long, KeyUsage> keyUsageThisMonth(long userId) {
        return queries.keysThisMonth(userId);
    }

    /**
     * The expected cost of asking {@code providerId} for {@code n} images with {@code model} (the provider's default model
     * when blank or not offered); empty for an unknown provider.
     */
    @Transactional(readOnly = true)
    public Optional<CostEstimate> estimate(String providerId, String model, String n) {
        Optional<Provider> provider = providerId == null ? Optional.empty() : providers.findEnabled(providerId);
        if (provider.isEmpty()) {
            return Optional.empty();
        }
        String chosen = model != null && provider.get().offers(model) ? model : provider.get().defaultModel();
        int images = 1;
        try {
            images = n == null || n.isBlank() ? 1 : Math.max(1, Math.min(10, Integer.parseInt(n.trim())));
        } catch (NumberFormatException ignored) {
            // the form reports it; the estimate assumes one image
        }
        Price price = prices.at(provider.get().id(), chosen, periods.now());
        return Optional.of(new CostEstimate(new Money(price.estimate(images), price.currency()), new Money(price.perImage(), price.currency()),
                images, new Money(price.per1kTokens(), price.currency()), price.pricedByTokens()));
    }
}
