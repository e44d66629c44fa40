package studio.atelier.usage;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import studio.atelier.generation.GenerationFinished;
import studio.atelier.generation.GenerationStatus;

/**
 * Writes the usage record and the daily roll-up for every generation that reached (or tried to reach) the gateway.
 * A plain (synchronous) {@link EventListener}: it writes inside the transaction that finishes the generation, so the
 * generation leaves "in flight" and its usage appears in one commit, and quota counts never see a gap or a double.
 * The writing itself waits until just before that commit: generations finished together in one transaction then
 * share one batch of records and one update per day row, and the day rows are locked for the shortest time, in
 * one order, so two nodes finishing at once cannot deadlock on them.
 */
@Component
class UsageRecorder {

    private final NamedParameterJdbcTemplate jdbc;
    private final Prices prices;
    private final UsagePeriods periods;
    private final Savepoint savepoint;

    UsageRecorder(NamedParameterJdbcTemplate jdbc, Prices prices, UsagePeriods periods, Savepoint savepoint) {
        this.jdbc = jdbc;
        this.prices = prices;
        this.periods = periods;
        this.savepoint = savepoint;
    }

    @EventListener
    void on(GenerationFinished finished) {
        if (!finished.reachedGateway()) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            pendingInThisTransaction().add(finished);
        } else {
            write(List.of(finished));
        }
    }

    @SuppressWarnings("unchecked")
    private List<GenerationFinished> pendingInThisTransaction() {
        List<GenerationFinished> pending = (List<GenerationFinished>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            List<GenerationFinished> created = new ArrayList<>();
            TransactionSynchronizationManager.bindResource(this, created);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    write(created);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(UsageRecorder.this);
                }
            });
            pending = created;
        }
        return pending;
    }

    private void write(List<GenerationFinished> finished) {
        if (finished.isEmpty()) {
            return;
        }
        Map<DayRow, DayTotals> days = new TreeMap<>();
        List<MapSqlParameterSource> records = new ArrayList<>();
        for (GenerationFinished f : finished) {
            records.add(recordAndDay(f, days));
        }
        jdbc.batchUpdate(INSERT_RECORD, records.toArray(MapSqlParameterSource[]::new));
        addToDays(days);
    }

    /** The usage record's parameters; adds the generation to its day's totals in {@code days}. */
    private MapSqlParameterSource recordAndDay(GenerationFinished f, Map<DayRow, DayTotals> days) {
        Instant at = f.finishedAt() == null ? periods.now() : f.finishedAt();
        boolean succeeded = f.status() == GenerationStatus.SUCCEEDED;
        Price price = prices.at(f.providerId(), f.model(), at);
        BigDecimal cost = price.costOf(succeeded, f.imageCount(), f.totalTokens());
        days.computeIfAbsent(DayRow.of(f, periods.dayOf(at)), k -> new DayTotals())
                .add(f.imageCount(), f.totalTokens() == null ? 0 : f.totalTokens(), cost);
        return new MapSqlParameterSource()
                .addValue("u", f.ownerId()).addValue("team", f.teamId()).addValue("g", f.generationId()).addValue("p", f.providerId())
                .addValue("m", f.model()).addValue("k", f.apiKeyId()).addValue("s", f.status().name())
                .addValue("e", f.errorKind()).addValue("pt", f.promptTokens()).addValue("ct", f.completionTokens())
                .addValue("tt", f.totalTokens()).addValue("i", f.imageCount()).addValue("l", f.upstreamLatencyMs())
                .addValue("cost", cost).addValue("cur", price.currency()).addValue("pv", price.id()).addValue("prompt", f.prompt())
                .addValue("at", Timestamp.from(at));
    }

    private static final String INSERT_RECORD = "insert into usage_record (user_id, team_id, generation_id, provider_id, model, api_key_id, "
            + "status, error_kind, prompt_tokens, completion_tokens, total_tokens, image_count, upstream_latency_ms, cost, currency, "
            + "price_version_id, prompt, occurred_at) values (:u, :team, :g, :p, :m, :k, :s, :e, :pt, :ct, :tt, :i, :l, :cost, :cur, :pv, "
            + ":prompt, :at)";

    /** One row of usage_daily; ordered so that every transaction locks day rows in the same order. */
    record DayRow(long userId, long teamId, LocalDate day, String providerId, String model, String status, String errorKind)
            implements Comparable<DayRow> {

        private static final Comparator<DayRow> ORDER = Comparator.comparingLong(DayRow::userId).thenComparingLong(DayRow::teamId)
                .thenComparing(DayRow::day).thenComparing(DayRow::providerId).thenComparing(DayRow::model)
                .thenComparing(DayRow::status).thenComparing(DayRow::errorKind);

        static DayRow of(GenerationFinished f, LocalDate day) {
            // usage_daily's team is 0 when the generation was not made as a team (a key column cannot be null)
            return new DayRow(f.ownerId(), f.teamId() == null ? 0L : f.teamId(), day, f.providerId(), f.model(), f.status().name(),
                    f.errorKind() == null ? "" : f.errorKind());
        }

        @Override
        public int compareTo(DayRow other) {
            return ORDER.compare(this, other);
        }
    }

    static final class DayTotals {
        long requests;
        long images;
        long tokens;
        BigDecimal cost = BigDecimal.ZERO;

        void add(long images, long tokens, BigDecimal cost) {
            this.requests++;
            this.images += images;
            this.tokens += tokens;
            this.cost = this.cost.add(cost);
        }
    }

    /**
     * Portable upsert of the transaction's day rows, always locking them in {@link DayRow} order, so two nodes cannot
     * deadlock on them. Many rows (hundreds of people finishing together): one batch of updates, one round trip for all,
     * kept only if every row was there; otherwise it is undone inside a savepoint (its row locks too) and the rows are
     * done one by one, as few rows always are. One by one, a missing row is inserted; when another transaction inserted
     * it meanwhile, the insert fails inside a savepoint (so the transaction survives, also on PostgreSQL) and it updates.
     */
    private void addToDays(Map<DayRow, DayTotals> days) {
        if (days.size() > ONE_BY_ONE_UP_TO && savepoint.keepIf(() -> allUpdated(days))) {
            return;
        }
        days.forEach(this::addToDay);
    }

    /** A batch pays a savepoint's two round trips; below this many rows one statement each costs no more. */
    private static final int ONE_BY_ONE_UP_TO = 3;

    private static final String UPDATE_DAY = "update usage_daily set requests = requests + :dr, images = images + :di, "
            + "tokens = tokens + :dt, cost = cost + :dc where user_id = :du and team_id = :dteam and usage_day = :dd "
            + "and provider_id = :dp and model = :dm and status = :ds and error_kind = :de";

    private boolean allUpdated(Map<DayRow, DayTotals> days) {
        int[] updated = jdbc.batchUpdate(UPDATE_DAY, days.entrySet().stream().map(r -> dayParameters(r.getKey(), r.getValue()))
                .toArray(MapSqlParameterSource[]::new));
        // exactly 1: a driver that answers "done, count unknown" must not make a missing row look present
        return java.util.Arrays.stream(updated).allMatch(count -> count == 1);
    }

    private void addToDay(DayRow row, DayTotals totals) {
        if (jdbc.update(UPDATE_DAY, dayParameters(row, totals)) > 0) {
            return;
        }
        insertDay(row, totals);
    }

    private void insertDay(DayRow row, DayTotals totals) {
        boolean inserted = savepoint.insertUnlessDuplicate(() -> jdbc.update("insert into usage_daily (user_id, team_id, usage_day, "
                + "provider_id, model, status, error_kind, requests, images, tokens, cost) values (:du, :dteam, :dd, :dp, :dm, :ds, :de, "
                + ":dr, :di, :dt, :dc)", dayParameters(row, totals)));
        if (!inserted) {
            jdbc.update(UPDATE_DAY, dayParameters(row, totals));
        }
    }

    private static MapSqlParameterSource dayParameters(DayRow row, DayTotals totals) {
        return new MapSqlParameterSource().addValue("dr", totals.requests).addValue("di", totals.images).addValue("dt", totals.tokens)
                .addValue("dc", totals.cost).addValue("du", row.userId()).addValue("dteam", row.teamId())
                .addValue("dd", Date.valueOf(row.day())).addValue("dp", row.providerId()).addValue("dm", row.model())
                .addValue("ds", row.status()).addValue("de", row.errorKind());
    }
}
