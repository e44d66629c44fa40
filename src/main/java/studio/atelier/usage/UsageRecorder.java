package studio.atelier.usage;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import studio.atelier.generation.GenerationFinished;
import studio.atelier.generation.GenerationService;
import studio.atelier.generation.GenerationStatus;
import studio.atelier.generation.GenerationView;

/**
 * Writes the usage record and the daily roll-up for every generation that reached (or tried to reach) the gateway.
 * A plain (synchronous) {@link EventListener}: it runs inside the transaction that finishes the generation, so the
 * generation leaves "in flight" and its usage appears in one commit, and quota counts never see a gap or a double.
 */
@Component
class UsageRecorder {

    private final JdbcClient jdbc;
    private final Prices prices;
    private final UsagePeriods periods;
    private final GenerationService generations;
    private final Savepoint savepoint;

    UsageRecorder(JdbcClient jdbc, Prices prices, UsagePeriods periods, GenerationService generations, Savepoint savepoint) {
        this.jdbc = jdbc;
        this.prices = prices;
        this.periods = periods;
        this.generations = generations;
        this.savepoint = savepoint;
    }

    @EventListener
    void on(GenerationFinished finished) {
        if (!finished.reachedGateway()) {
            return;
        }
        Instant at = finished.finishedAt() == null ? periods.now() : finished.finishedAt();
        boolean succeeded = finished.status() == GenerationStatus.SUCCEEDED;
        Price price = prices.at(finished.providerId(), finished.model(), at);
        BigDecimal cost = price.costOf(succeeded, finished.imageCount(), finished.totalTokens());
        String prompt = generations.find(finished.ownerId(), finished.generationId()).map(GenerationView::prompt).orElse(null);
        jdbc.sql("insert into usage_record (user_id, team_id, generation_id, provider_id, model, api_key_id, status, error_kind, prompt_tokens, "
                        + "completion_tokens, total_tokens, image_count, upstream_latency_ms, cost, currency, price_version_id, prompt, "
                        + "occurred_at) values (:u, :team, :g, :p, :m, :k, :s, :e, :pt, :ct, :tt, :i, :l, :cost, :cur, :pv, :prompt, :at)")
                .param("u", finished.ownerId()).param("team", finished.teamId()).param("g", finished.generationId()).param("p", finished.providerId())
                .param("m", finished.model()).param("k", finished.apiKeyId()).param("s", finished.status().name())
                .param("e", finished.errorKind()).param("pt", finished.promptTokens()).param("ct", finished.completionTokens())
                .param("tt", finished.totalTokens()).param("i", finished.imageCount()).param("l", finished.upstreamLatencyMs())
                .param("cost", cost).param("cur", price.currency()).param("pv", price.id()).param("prompt", prompt)
                .param("at", Timestamp.from(at))
                .update();
        addToDay(finished, periods.dayOf(at), cost);
    }

    /**
     * Portable upsert: update, and insert when there was no row. Two transactions inserting the same new row at once:
     * the loser's insert fails inside a savepoint (so its transaction survives, also on PostgreSQL) and it updates.
     */
    private void addToDay(GenerationFinished f, java.time.LocalDate day, BigDecimal cost) {
        long images = f.imageCount();
        long tokens = f.totalTokens() == null ? 0 : f.totalTokens();
        String errorKind = f.errorKind() == null ? "" : f.errorKind();
        if (updateDay(f, day, errorKind, images, tokens, cost) > 0) {
            return;
        }
        boolean inserted = savepoint.insertUnlessDuplicate(() -> jdbc.sql("insert into usage_daily (user_id, team_id, usage_day, provider_id, model, status, "
                            + "error_kind, requests, images, tokens, cost) values (:u, :team, :d, :p, :m, :s, :e, 1, :i, :t, :c)")
                    .param("u", f.ownerId()).param("team", teamKey(f)).param("d", Date.valueOf(day)).param("p", f.providerId()).param("m", f.model())
                    .param("s", f.status().name()).param("e", errorKind).param("i", images).param("t", tokens).param("c", cost)
                    .update());
        if (!inserted) {
            updateDay(f, day, errorKind, images, tokens, cost);
        }
    }

    private int updateDay(GenerationFinished f, java.time.LocalDate day, String errorKind, long images, long tokens, BigDecimal cost) {
        return jdbc.sql("update usage_daily set requests = requests + 1, images = images + :i, tokens = tokens + :t, cost = cost + :c "
                        + "where user_id = :u and team_id = :team and usage_day = :d and provider_id = :p and model = :m and status = :s "
                        + "and error_kind = :e")
                .param("team", teamKey(f)).param("i", images).param("t", tokens).param("c", cost).param("u", f.ownerId()).param("d", Date.valueOf(day))
                .param("p", f.providerId()).param("m", f.model()).param("s", f.status().name()).param("e", errorKind)
                .update();
    }

    /** usage_daily's team: 0 when the generation was not made as a team (a key column cannot be null). */
    static long teamKey(GenerationFinished f) {
        return f.teamId() == null ? 0L : f.teamId();
    }
}
