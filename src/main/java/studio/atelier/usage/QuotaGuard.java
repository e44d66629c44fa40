package studio.atelier.usage;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.generation.GenerationService;
import studio.atelier.generation.InFlightGeneration;
import studio.atelier.generation.SubmissionGuard;

/**
 * Checks and reserves quota when a generation is queued, inside the submitting transaction: it locks the person's
 * {@code quota_lock} row (so submissions on every node take turns), then counts what is in flight (queued and running
 * generations are the reservations) and what is recorded. The queued generation is inserted before the lock is
 * released, so the next submission sees it. A generation that fails releases its reservation by leaving "in flight"
 * without adding to what the limits count (failed calls add only their configured cost).
 *
 * <p>In flight is read before the records: a generation finishing in between is then counted twice (refusing a bit
 * early) rather than not at all (which could overshoot).
 */
@Component
class QuotaGuard implements SubmissionGuard {

    private final Quotas quotas;
    private final Prices prices;
    private final UsagePeriods periods;
    private final GenerationService generations;
    private final JdbcClient jdbc;
    private final UsageSettings settings;

    QuotaGuard(Quotas quotas, Prices prices, UsagePeriods periods, GenerationService generations, JdbcClient jdbc,
            UsageSettings settings) {
        this.quotas = quotas;
        this.prices = prices;
        this.periods = periods;
        this.generations = generations;
        this.jdbc = jdbc;
        this.settings = settings;
    }

    @Override
    @Transactional
    public Optional<Refusal> check(long userId, String providerId, String model, int images) {
        Limits limits = quotas.effective(userId);
        if (limits.isUnlimited()) {
            return Optional.empty();
        }
        quotas.lock(userId);
        BigDecimal estimate = prices.at(providerId, model, periods.now()).estimate(images);
        for (QuotaMeter meter : meters(userId, limits)) {
            BigDecimal adding = switch (meter.kind()) {
                case REQUESTS_PER_DAY -> BigDecimal.ONE;
                case IMAGES_PER_MONTH -> BigDecimal.valueOf(images);
                case COST_PER_MONTH -> estimate;
            };
            BigDecimal after = meter.used().add(adding);
            // a request whose cost cannot be estimated (zero) is refused once the budget is used up
            boolean over = adding.signum() > 0 ? after.compareTo(meter.limit()) > 0 : meter.reached();
            if (over) {
                String code = "usage.quota.refused." + meter.kind().name();
                Object[] args = { meter.limitText(), meter.resetsAtText(), meter.usedText(), settings.currency() };
                return Optional.of(new Refusal(code, args, "Usage limit reached", "usage.quota.refused.short"));
            }
        }
        return Optional.empty();
    }

    /** The person's limits with what is used in each period, counting in-flight generations as used. */
    @Transactional(readOnly = true)
    public List<QuotaMeter> meters(long userId) {
        Limits limits = quotas.effective(userId);
        return limits.isUnlimited() ? List.of() : meters(userId, limits);
    }

    private List<QuotaMeter> meters(long userId, Limits limits) {
        List<InFlightGeneration> inFlight = generations.inFlight(userId);
        int inFlightImages = inFlight.stream().mapToInt(InFlightGeneration::imagesRequested).sum();
        BigDecimal inFlightCost = limits.costPerMonth() == null ? BigDecimal.ZERO : inFlight.stream()
                .map(g -> prices.at(g.providerId(), g.model(), periods.now()).estimate(g.imagesRequested()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        List<QuotaMeter> meters = new ArrayList<>();
        int warn = settings.warnPercent();
        if (limits.requestsPerDay() != null) {
            long today = jdbc.sql("select coalesce(sum(requests), 0) from usage_daily where user_id = :u and usage_day = :d and status = 'SUCCEEDED'")
                    .param("u", userId).param("d", Date.valueOf(periods.today())).query(Long.class).single();
            meters.add(new QuotaMeter(QuotaMeter.Kind.REQUESTS_PER_DAY, BigDecimal.valueOf(today + inFlight.size()),
                    BigDecimal.valueOf(limits.requestsPerDay()), periods.dayResetsAt(), warn));
        }
        if (limits.imagesPerMonth() != null || limits.costPerMonth() != null) {
            var month = jdbc.sql("select coalesce(sum(images), 0), coalesce(sum(cost), 0) from usage_daily where user_id = :u "
                            + "and usage_day >= :from and usage_day < :to")
                    .param("u", userId).param("from", Date.valueOf(periods.monthStart()))
                    .param("to", Date.valueOf(periods.monthStart().plusMonths(1)))
                    .query((rs, n) -> new Object[] { rs.getLong(1), rs.getBigDecimal(2) }).single();
            if (limits.imagesPerMonth() != null) {
                meters.add(new QuotaMeter(QuotaMeter.Kind.IMAGES_PER_MONTH, BigDecimal.valueOf((Long) month[0] + inFlightImages),
                        BigDecimal.valueOf(limits.imagesPerMonth()), periods.monthResetsAt(), warn));
            }
            if (limits.costPerMonth() != null) {
                meters.add(new QuotaMeter(QuotaMeter.Kind.COST_PER_MONTH, ((BigDecimal) month[1]).add(inFlightCost),
                        limits.costPerMonth(), periods.monthResetsAt(), warn));
            }
        }
        return meters;
    }
}
