package studio.atelier.generation;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import studio.atelier.gateway.GatewayErrorKind;

/**
 * Atelier's own meters for finished generations, fed by {@link GenerationFinished} once its transaction has committed
 * (an ending that is undone is not counted). Labels are the provider's id, the model (one of those the provider
 * offers) and codes from fixed lists: never a person, a prompt or a key.
 * <ul>
 * <li>{@code atelier_generations_total{provider,model,outcome}}: every ending, outcome = the status in lower case;</li>
 * <li>{@code atelier_generation_seconds{phase}}: {@code queued} from queued to started (jobs that waited for a claim
 * included, those started at once count zero), {@code gateway} the gateway's answer time;</li>
 * <li>{@code atelier_gateway_errors_total{provider,kind}}: failures the gateway caused, kind = {@link GatewayErrorKind}.</li>
 * </ul>
 */
@Component
class GenerationMeters {

    private static final Logger log = LoggerFactory.getLogger(GenerationMeters.class);
    /** Endings that are not the gateway's doing, although their code is one of its kinds. */
    private static final Set<String> GATEWAY_ERRORS = EnumSet.complementOf(EnumSet.of(GatewayErrorKind.CANCELLED)).stream()
            .map(Enum::name).collect(Collectors.toUnmodifiableSet());

    private final MeterRegistry registry;
    private final JdbcClient jdbc;
    private final Timer queued;
    private final Timer gateway;

    GenerationMeters(MeterRegistry registry, JdbcClient jdbc) {
        this.registry = registry;
        this.jdbc = jdbc;
        this.queued = phase("queued");
        this.gateway = phase("gateway");
    }

    private Timer phase(String name) {
        return Timer.builder("atelier.generation").description("Time a generation spends in each phase")
                .tag("phase", name).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(15)).register(registry);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(GenerationFinished finished) {
        Counter.builder("atelier.generations").description("Generations that ended, by outcome")
                .tag("provider", finished.providerId()).tag("model", finished.model())
                .tag("outcome", finished.status().name().toLowerCase(Locale.ROOT)).register(registry).increment();
        if (finished.errorKind() != null && GATEWAY_ERRORS.contains(finished.errorKind())) {
            Counter.builder("atelier.gateway.errors").description("Gateway calls that failed, by kind")
                    .tag("provider", finished.providerId()).tag("kind", finished.errorKind()).register(registry).increment();
        }
        if (finished.upstreamLatencyMs() != null) {
            gateway.record(Duration.ofMillis(finished.upstreamLatencyMs()));
        }
        if (finished.reachedGateway()) {
            recordQueuedWait(finished.generationId());
        }
    }

    /** One read by primary key: the event does not carry when the job was queued and started. */
    private void recordQueuedWait(long generationId) {
        try {
            jdbc.sql("select queued_at, started_at from generation where id = :id").param("id", generationId)
                    .query((rs, n) -> {
                        Timestamp queuedAt = rs.getTimestamp(1);
                        Timestamp startedAt = rs.getTimestamp(2);
                        if (queuedAt != null && startedAt != null) {
                            queued.record(Duration.between(queuedAt.toInstant(), startedAt.toInstant()).abs());
                        }
                        return n;
                    }).optional();
        } catch (RuntimeException e) {
            // a meter is not worth an error: the generation itself is committed
            log.debug("Queued time of generation {} not recorded: {}", generationId, e.toString());
        }
    }
}
