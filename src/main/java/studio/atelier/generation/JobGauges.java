package studio.atelier.generation;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code atelier_jobs{state="queued"|"running"}}: the jobs of every node, read from the job table (an index on status
 * answers it). One read serves both gauges and is kept a few seconds, so scrapes from several Prometheus servers, or
 * of several nodes at once, cost one small query each time it is stale.
 */
@Component
class JobGauges implements MeterBinder {

    private static final long FRESH_NANOS = Duration.ofSeconds(5).toNanos();

    private final JdbcClient jdbc;
    private volatile Map<String, Long> counts = Map.of();
    private volatile long readAt;

    JobGauges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (GenerationStatus state : new GenerationStatus[] {GenerationStatus.QUEUED, GenerationStatus.RUNNING}) {
            Gauge.builder("atelier.jobs", this, gauges -> gauges.count(state))
                    .description("Generations waiting for a worker or running, on all nodes")
                    .tag("state", state.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
        }
    }

    /** NaN while the database cannot be reached: "unknown", not zero. */
    private double count(GenerationStatus state) {
        if (System.nanoTime() - readAt > FRESH_NANOS || counts.isEmpty()) {
            try {
                Map<String, Long> read = new HashMap<>(Map.of("QUEUED", 0L, "RUNNING", 0L));
                jdbc.sql("select status, count(*) from generation where status in ('QUEUED', 'RUNNING') group by status")
                        .query((rs, n) -> read.put(rs.getString(1), rs.getLong(2))).list();
                counts = read;
                readAt = System.nanoTime();
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }
        return counts.getOrDefault(state.name(), 0L);
    }
}
