package studio.atelier.usage;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.generation.InFlightGeneration;
import studio.atelier.generation.InFlightGenerations;
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
    private final InFlightGenerations inFlight;
    private final JdbcClient jdbc;
    private final UsageSettings settings;

    QuotaGuard(Quotas quotas, Prices prices, UsagePeriods periods, InFlightGenerations inFlight, JdbcClient jdbc,
            UsageSettings settings) {
        this.quotas = quotas;
        this.prices = prices;
        this.periods = periods;
        this.inFlight = inFlight;
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
        return refusal(UsageScope.user(userId), limits, providerId, model, images);
    }

    /**
     * A generation "as the team" counts against the team's budget (not the member's personal quota): the team's budget
     * row is locked, then what the team has in flight and recorded is counted, as for a person.
     */
    @Override
    @Transactional
    public Optional<Refusal> check(long userId, Long teamId, String providerId, String model, int images) {
        if (teamId == null) {
            return check(userId, providerId, model, images);
        }
        Limits limits = quotas.lockTeam(teamId);
        if (limits.isUnlimited()) {
            return Optional.empty();
        }
        return refusal(UsageScope.team(teamId), limits, providerId, model, images);
    }

    private Optional<Refusal> refusal(UsageScope scope, Limits limits, String providerId, String model, int images) {
        BigDecimal estimate = prices.at(providerId, model, periods.now()).estimate(images);
        String prefix = scope.isTeam() ? "usage.teamQuota.refused." : "usage.quota.refused.";
        for (QuotaMeter meter : meters(scope, limits)) {
            BigDecimal adding = switch (meter.kind()) {
                case REQUESTS_PER_DAY -> BigDecimal.ONE;
                case IMAGES_PER_MONTH -> BigDecimal.valueOf(images);
                case COST_PER_MONTH -> estimate;
            };
            BigDecimal after = meter.used().add(adding);
            // a request whose cost cannot be estimated (zero) is refused once the budget is used up
            boolean over = adding.signum() > 0 ? after.compareTo(meter.limit()) > 0 : meter.reached();
            if (over) {
                String code = prefix + meter.kind().name();
                Object[] args = { meter.limitArgument(), meter.resetsAtText(), meter.usedArgument(), settings.currency() };
                return Optional.of(new Refusal(code, args, "Usage limit reached", prefix + "short"));
            }
        }
        return Optional.empty();
    }

    /** The person's limits with what is used in each period, counting in-flight generations as used. */
    @Transactional(readOnly = true)
    public List<QuotaMeter> meters(long userId) {
        Limits limits = quotas.effective(userId);
        return limits.isUnlimited() ? List.of() : meters(UsageScope.user(userId), limits);
    }

    /** The team's budget with what is used in each period, counting the team's in-flight generations as used. */
    @Transactional(readOnly = true)
    public List<QuotaMeter> teamMeters(long teamId) {
        Limits limits = quotas.team(teamId);
        return limits.isUnlimited() ? List.of() : meters(UsageScope.team(teamId), limits);
    }

    /**
     * A person's quotas count their personal generations; a team's budget counts the generations made as the team (by
     * any member). usage_daily.team_id is 0 for personal ones.
     */
    private List<QuotaMeter> meters(UsageScope scope, Limits limits) {
        List<InFlightGeneration> reserved = scope.isTeam() ? inFlight.ofTeam(scope.id())
                : inFlight.ofOwner(scope.id()).stream().filter(g -> g.teamId() == null).toList();
        String where = scope.isTeam() ? "team_id = :s" : "user_id = :s and team_id = 0";
        long scopeId = scope.id();
        int inFlightImages = reserved.stream().mapToInt(InFlightGeneration::imagesRequested).sum();
        BigDecimal inFlightCost = limits.costPerMonth() == null ? BigDecimal.ZERO : reserved.stream()
                .map(g -> prices.at(g.providerId(), g.model(), periods.now()).estimate(g.imagesRequested()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        List<QuotaMeter> meters = new ArrayList<>();
        int warn = settings.warnPercent();
        if (limits.requestsPerDay() != null) {
            long today = jdbc.sql("select coalesce(sum(requests), 0) from usage_daily where " + where
                            + " and usage_day = :d and status = 'SUCCEEDED'")
                    .param("s", scopeId).param("d", Date.valueOf(periods.today())).query(Long.class).single();
            meters.add(new QuotaMeter(QuotaMeter.Kind.REQUESTS_PER_DAY, BigDecimal.valueOf(today + reserved.size()),
                    BigDecimal.valueOf(limits.requestsPerDay()), periods.dayResetsAt(), warn));
        }
        if (limits.imagesPerMonth() != null || limits.costPerMonth() != null) {
            var month = jdbc.sql("select coalesce(sum(images), 0), coalesce(sum(cost), 0) from usage_daily where " + where
                            + " and usage_day >= :from and usage_day < :to")
                    .param("s", scopeId).param("from", Date.valueOf(periods.monthStart()))
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
