package studio.atelier.generation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import studio.atelier.keys.ApiKeyService;
import studio.atelier.keys.UsableKey;

/**
 * Claims queued jobs for this node as it has room: at every poll, when a job is queued on this node, and when a call
 * in flight here ends. Wake-ups that arrive while a claim is running are not lost: the running claim goes round again,
 * so a job queued at any moment waits for at most one claim, not for the next poll.
 */
@Component
class JobClaims {

    private static final Logger log = LoggerFactory.getLogger(JobClaims.class);
    /** The longest pause between attempts while the database is unreachable: recovery is noticed within this. */
    private static final Duration MAX_OUTAGE_WAIT = Duration.ofSeconds(5);

    /** Which key a job is sent with: jobs of one claim that share this share the key (and its decryption). */
    private record KeyChoice(Long teamId, long ownerId, String providerId, Long apiKeyId) {
    }

    private final JobQueue queue;
    private final GatewayCalls calls;
    private final GenerationRepository generations;
    private final ApiKeyService apiKeys;
    private final TransactionTemplate tx;
    private final TaskExecutor background;
    private final GenerationSettings settings;
    private final AtomicBoolean polling = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final FailureStreak claimFailures;

    JobClaims(JobQueue queue, GatewayCalls calls, GenerationRepository generations, ApiKeyService apiKeys, TransactionTemplate tx,
            @Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) TaskExecutor background,
            GenerationSettings settings) {
        this.queue = queue;
        this.calls = calls;
        this.generations = generations;
        this.apiKeys = apiKeys;
        this.tx = tx;
        this.background = background;
        this.settings = settings;
        this.claimFailures = new FailureStreak("Claiming generations", log, settings.pollInterval(), MAX_OUTAGE_WAIT);
    }

    /** A new job on this node is picked up at once rather than at the next poll. */
    @TransactionalEventListener
    void onQueued(GenerationQueued event) {
        background.execute(this::poll);
    }

    @EventListener
    void onPlaceFreed(PlaceFreed event) {
        background.execute(this::poll);
    }

    @Scheduled(fixedDelayString = "${atelier.generation.poll-interval:250ms}")
    void poll() {
        if (!calls.taking() || !claimFailures.due()) {
            return;
        }
        wanted.set(true);
        if (!polling.compareAndSet(false, true)) {
            return;
        }
        try {
            while (wanted.getAndSet(false) && calls.taking()) {
                List<JobQueue.Claimed> claimed = queue.claim(calls.workerId(), calls.room(), settings.perUserRunning(), settings.lease());
                if (!claimed.isEmpty()) {
                    prepare(claimed).forEach(calls::start);
                }
            }
            claimFailures.succeeded();
        } catch (RuntimeException e) {
            // A job claimed but not started is not in flight, so its lease is not renewed: it ends INTERRUPTED.
            claimFailures.failed(e);
        } finally {
            polling.set(false);
        }
        if (wanted.get() && calls.taking()) {
            background.execute(this::poll);
        }
    }

    /** Stops claiming; returns once a claim that was running has ended. */
    void pause() {
        calls.paused(true);
        while (polling.get()) {
            Thread.onSpinWait();
        }
    }

    /** Loads a claim's jobs and keys in one transaction, however many were claimed together. */
    private List<GatewayCalls.Ready> prepare(List<JobQueue.Claimed> claimed) {
        return tx.execute(status -> {
            Map<Long, Generation> byId = new HashMap<>();
            generations.findAllById(claimed.stream().map(JobQueue.Claimed::id).toList()).forEach(g -> byId.put(g.id(), g));
            Map<KeyChoice, Optional<UsableKey>> keys = new HashMap<>();
            List<GatewayCalls.Ready> ready = new ArrayList<>();
            for (JobQueue.Claimed c : claimed) {
                Generation job = byId.get(c.id());
                if (job == null) {
                    continue;
                }
                GenerationRequest r = job.toRequest();
                KeyChoice choice = new KeyChoice(r.teamId(), job.ownerId(), r.providerId(), r.apiKeyId());
                ready.add(new GatewayCalls.Ready(job.id(), job.ownerId(), r, keys.computeIfAbsent(choice, k -> k.teamId() != null
                        ? apiKeys.usableTeamKey(k.teamId(), k.providerId())
                        : apiKeys.usableKey(k.ownerId(), k.providerId(), k.apiKeyId()))));
            }
            return ready;
        });
    }
}
