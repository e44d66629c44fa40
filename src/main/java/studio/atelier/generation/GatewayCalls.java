package studio.atelier.generation;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Component;

import studio.atelier.gateway.ChatRequest;
import studio.atelier.gateway.GatewayClient;
import studio.atelier.gateway.GatewayResult;
import studio.atelier.keys.UsableKey;
import studio.atelier.keys.UserPseudonym;

/**
 * The gateway calls this node has in flight, and the places kept for jobs about to start. The call itself holds no
 * thread while the gateway works; its reply is read, and its ending written, on the application's task threads. An
 * ending is written only if this node still owns the job (a cancel or an expired lease wins).
 */
@Component
class GatewayCalls {

    private static final Logger log = LoggerFactory.getLogger(GatewayCalls.class);
    private static final Duration PROGRESS_EVERY = Duration.ofMillis(400);

    /** A job about to be sent, with what its call needs; no key means it cannot be sent. */
    record Ready(long id, long ownerId, GenerationRequest request, Optional<UsableKey> key) {
    }

    private final String workerId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<Long, CompletableFuture<GatewayResult>> inFlight = new ConcurrentHashMap<>();
    /** Places taken by jobs written RUNNING whose call leaves once their submission commits (see {@link StartAtOnce}). */
    private final AtomicInteger reserved = new AtomicInteger();
    private final GatewayClient gateway;
    private final ReplyInterpreter replies;
    private final FinishWriter finishes;
    private final JobQueue queue;
    private final UserPseudonym pseudonym;
    private final TaskExecutor background;
    private final ApplicationEventPublisher events;
    private final GenerationSettings settings;
    private volatile boolean stopping;
    private volatile boolean paused;

    GatewayCalls(GatewayClient gateway, ReplyInterpreter replies, FinishWriter finishes, JobQueue queue, UserPseudonym pseudonym,
            @Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) TaskExecutor background,
            ApplicationEventPublisher events, GenerationSettings settings) {
        this.gateway = gateway;
        this.replies = replies;
        this.finishes = finishes;
        this.queue = queue;
        this.pseudonym = pseudonym;
        this.background = background;
        this.events = events;
        this.settings = settings;
    }

    /** The name this node's leases carry. */
    String workerId() {
        return workerId;
    }

    /** Whether this node takes new jobs: not while it is stopping, paused (drained) or not a worker at all. */
    boolean taking() {
        return settings.workerEnabled() && !stopping && !paused;
    }

    void stopping(boolean stopping) {
        this.stopping = stopping;
    }

    void paused(boolean paused) {
        this.paused = paused;
    }

    /** How many more jobs this node can take now. */
    int room() {
        return settings.maxInFlight() - inFlight.size() - reserved.get();
    }

    /** Takes a place on this node for a job about to be written, if one is free. */
    boolean reserve() {
        int taken;
        while (inFlight.size() + (taken = reserved.get()) < settings.maxInFlight()) {
            if (reserved.compareAndSet(taken, taken + 1)) {
                return true;
            }
        }
        return false;
    }

    void release() {
        reserved.decrementAndGet();
    }

    /** Whether anything still holds a place: a call in flight or a job about to start. */
    boolean busy() {
        return !inFlight.isEmpty() || reserved.get() > 0;
    }

    int count() {
        return inFlight.size();
    }

    List<Long> ids() {
        return List.copyOf(inFlight.keySet());
    }

    /** Cancels a call in flight on this node; other nodes notice the request at their next heartbeat. */
    boolean cancel(long id) {
        CompletableFuture<GatewayResult> future = inFlight.get(id);
        return future != null && future.cancel(true);
    }

    void start(Ready ready) {
        long id = ready.id();
        Optional<UsableKey> key = ready.key();
        if (key.isEmpty()) {
            // possibly on the scheduler's thread (a claim): the ending is written on a task thread
            background.execute(() -> finish(ready, null, Ending.failed(GenerationOutcome.failure("NO_KEY", null)), false, null));
            return;
        }
        AtomicLong lastProgress = new AtomicLong();
        CompletableFuture<GatewayResult> call = gateway.complete(key.get().provider().endpoint(), key.get().secret(),
                toChatRequest(ready.ownerId(), ready.request()), line -> {
                    long now = System.nanoTime();
                    long last = lastProgress.get();
                    if (now - last > PROGRESS_EVERY.toNanos() && lastProgress.compareAndSet(last, now)) {
                        background.execute(() -> saveProgress(id, line));
                    }
                });
        inFlight.put(id, call);
        boolean allowPrivate = key.get().provider().allowPrivateNetwork();
        long keyId = key.get().id();
        call.whenCompleteAsync((result, error) -> {
            try (var job = GenerationLogContext.open(id)) {
                finish(ready, workerId, replies.ending(id, result, error, allowPrivate), true, keyId);
            } catch (RuntimeException e) {
                log.error("Finishing generation {} failed", id, e);
                done(id);
            }
        }, background);
    }

    private void finish(Ready job, String expectedWorker, Ending ending, boolean reachedGateway, Long keyId) {
        long id = job.id();
        finishes.add(new PendingEnd(id, new PendingEnd.Job(job.ownerId(), job.request()), expectedWorker, ending, reachedGateway,
                keyId, () -> done(id), 0));
    }

    /** The job no longer holds a place on this node: another can be claimed. */
    private void done(long id) {
        inFlight.remove(id);
        events.publishEvent(new PlaceFreed(id));
    }

    /** Progress is a courtesy: losing a line (the database is away) must not disturb the generation. */
    private void saveProgress(long id, String line) {
        try {
            queue.progress(id, workerId, line);
        } catch (RuntimeException e) {
            log.debug("Progress of generation {} not saved: {}", id, e.toString());
        }
    }

    private ChatRequest toChatRequest(long ownerId, GenerationRequest r) {
        GenerationParameters p = r.parameters();
        return new ChatRequest(r.model(), r.systemPrompt(), r.prompt(), p.temperature(), p.topP(), p.maxTokens(), p.stream(),
                p.n(), p.presencePenalty(), p.frequencyPenalty(), p.logitBias(), pseudonym.of(ownerId));
    }
}
