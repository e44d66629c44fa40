package studio.atelier.generation;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import studio.atelier.keys.ApiKeyService;
import studio.atelier.keys.UsableKey;
import studio.atelier.keys.UserPseudonym;
import studio.atelier.generation.image.ImageIntake;
import studio.atelier.generation.image.ImageRejected;
import studio.atelier.generation.image.StoredImage;
import studio.atelier.gateway.ChatRequest;
import studio.atelier.gateway.GatewayClient;
import studio.atelier.gateway.GatewayImage;
import studio.atelier.gateway.GatewayReply;
import studio.atelier.gateway.GatewayResult;

/**
 * Runs generations: those that start at once on submission, and queued ones it claims. The gateway call is
 * asynchronous (no thread waits on it); images are stored as soon as the reply arrives because gateway URLs expire;
 * the result is written only if this worker still owns the job (a cancel or an expired lease wins).
 */
@Component
class GenerationWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GenerationWorker.class);
    private static final Duration PROGRESS_EVERY = Duration.ofMillis(400);
    /** The longest pause between attempts while the database is unreachable: recovery is noticed within this. */
    private static final Duration MAX_OUTAGE_WAIT = Duration.ofSeconds(5);
    /**
     * Stops before the web server's graceful shutdown (phase {@code DEFAULT_PHASE - 1024}): while it waits for its calls,
     * pages still answer and submissions are queued for other nodes, and a gateway served by this very application (the
     * demo) can still reply. Waiting after the web server instead left the demo's reply, and any open live-update stream,
     * holding the web server's drain for its whole timeout. The database pool closes only after every phase.
     */
    private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private final String workerId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    private final JobQueue queue;
    private final GenerationRepository generations;
    private final ApiKeyService apiKeys;
    private final GatewayClient gateway;
    private final ImageIntake intake;
    private final GenerationSettings settings;
    private final UserPseudonym pseudonym;
    private final TransactionTemplate tx;
    private final FinishWriter finishes;
    private final ExecutorService background = BackgroundThreads.create("generation", 32);
    private final Map<Long, CompletableFuture<GatewayResult>> inFlight = new ConcurrentHashMap<>();
    private final AtomicBoolean polling = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    /** Places taken by jobs that start as soon as their submission commits (see {@link #startAtOnce}). */
    private final AtomicInteger reserved = new AtomicInteger();
    private volatile boolean stopping;
    private volatile boolean running;
    private volatile boolean paused;
    private final FailureStreak claimFailures;
    private final FailureStreak heartbeatFailures;

    GenerationWorker(JobQueue queue, GenerationRepository generations, ApiKeyService apiKeys,
            GatewayClient gateway, ImageIntake intake, GenerationSettings settings, UserPseudonym pseudonym,
            TransactionTemplate tx, FinishWriter finishes) {
        this.queue = queue;
        this.generations = generations;
        this.apiKeys = apiKeys;
        this.gateway = gateway;
        this.intake = intake;
        this.settings = settings;
        this.pseudonym = pseudonym;
        this.tx = tx;
        this.finishes = finishes;
        this.claimFailures = new FailureStreak("Claiming generations", log, settings.pollInterval(), MAX_OUTAGE_WAIT);
        this.heartbeatFailures = new FailureStreak("Generation heartbeat", log, settings.heartbeat(), settings.heartbeat());
    }

    /** A new job on this node is picked up at once rather than at the next poll. */
    @TransactionalEventListener
    void onQueued(GenerationQueued event) {
        background.execute(this::poll);
    }

    /**
     * Claims what this node has room for. Wake-ups that arrive while a claim is running are not lost: the running
     * claim goes round again, so a job queued at any moment waits for at most one claim, not for the next poll.
     */
    @Scheduled(fixedDelayString = "${atelier.generation.poll-interval:250ms}")
    void poll() {
        if (!settings.workerEnabled() || stopping || paused || !claimFailures.due()) {
            return;
        }
        wanted.set(true);
        if (!polling.compareAndSet(false, true)) {
            return;
        }
        try {
            while (wanted.getAndSet(false) && !paused) {
                int capacity = settings.maxInFlight() - inFlight.size() - reserved.get();
                List<JobQueue.Claimed> claimed = queue.claim(workerId, capacity, settings.perUserRunning(), settings.lease());
                if (!claimed.isEmpty()) {
                    prepare(claimed).forEach(this::start);
                }
            }
            claimFailures.succeeded();
        } catch (RuntimeException e) {
            // A job claimed but not started is not in flight, so its lease is not renewed: it ends INTERRUPTED.
            claimFailures.failed(e);
        } finally {
            polling.set(false);
        }
        if (wanted.get() && !paused && !stopping) {
            background.execute(this::poll);
        }
    }

    @Scheduled(fixedDelayString = "${atelier.generation.heartbeat:10s}")
    void heartbeat() {
        if (!settings.workerEnabled()) {
            return;
        }
        try {
            for (Long cancelled : queue.heartbeat(workerId, settings.lease(), List.copyOf(inFlight.keySet()))) {
                Optional.ofNullable(inFlight.get(cancelled)).ifPresent(f -> f.cancel(true));
            }
            int interrupted = queue.interruptExpired();
            if (interrupted > 0) {
                log.warn("{} generation(s) were running on a node that stopped; marked INTERRUPTED", interrupted);
            }
            heartbeatFailures.succeeded();
        } catch (RuntimeException e) {
            heartbeatFailures.failed(e);
        }
    }

    /**
     * A job submitted while this node has room, and its person has nothing waiting and a place free, skips the queue: it
     * is written RUNNING on this node (lease included) in the submitting transaction, and its call leaves as soon as that
     * commits, without a claim and a second read of the job. Nothing is sent before the commit; if the node dies in
     * between, the lease runs out and the job ends INTERRUPTED with Retry, like any job lost while running. Whether the
     * person has a place free is decided by the insert ({@link JobQueue#add}), under a lock on the person it takes first.
     *
     * @return the place reserved for the job (freed when the transaction ends unless the job was written RUNNING), or
     *         empty: queue it as usual
     */
    Optional<StartAtOnce> startAtOnce(long ownerId, GenerationRequest request, Instant now, Optional<UsableKey> knownKey) {
        if (!settings.workerEnabled() || stopping || paused || !TransactionSynchronizationManager.isSynchronizationActive()
                || !reserve()) {
            return Optional.empty();
        }
        boolean started = false;
        try {
            Optional<UsableKey> key = knownKey.isPresent() ? knownKey : request.teamId() != null
                    ? apiKeys.usableTeamKey(request.teamId(), request.providerId())
                    : apiKeys.usableKey(ownerId, request.providerId(), request.apiKeyId());
            if (key.isEmpty()) {
                return Optional.empty();
            }
            StartAtOnce start = new StartAtOnce(ownerId, request, key.get(), now, now.plus(settings.lease()));
            TransactionSynchronizationManager.registerSynchronization(start);
            started = true;
            return Optional.of(start);
        } finally {
            if (!started) {
                reserved.decrementAndGet();
            }
        }
    }

    /** Takes a place on this node for a job about to be written, if one is free. */
    private boolean reserve() {
        int taken;
        while (inFlight.size() + (taken = reserved.get()) < settings.maxInFlight()) {
            if (reserved.compareAndSet(taken, taken + 1)) {
                return true;
            }
        }
        return false;
    }

    /** A job starting at once: what to write on its row, and its call, made after the commit. */
    final class StartAtOnce implements TransactionSynchronization {

        private final long ownerId;
        private final GenerationRequest request;
        private final UsableKey key;
        private final Instant startedAt;
        private final Instant leaseUntil;
        private volatile Long id;

        private StartAtOnce(long ownerId, GenerationRequest request, UsableKey key, Instant startedAt,
                Instant leaseUntil) {
            this.ownerId = ownerId;
            this.request = request;
            this.key = key;
            this.startedAt = startedAt;
            this.leaseUntil = leaseUntil;
        }

        String workerId() {
            return workerId;
        }

        Instant startedAt() {
            return startedAt;
        }

        Instant leaseUntil() {
            return leaseUntil;
        }

        int perUserRunning() {
            return settings.perUserRunning();
        }

        /** The job was written RUNNING: its call leaves after the commit. */
        void started(long generationId) {
            this.id = generationId;
        }

        @Override
        public void afterCompletion(int status) {
            Long job = id;
            if (status != STATUS_COMMITTED || job == null) {
                reserved.decrementAndGet();
                return;
            }
            if (background.isShutdown()) {
                reserved.decrementAndGet(); // never sent: its lease runs out and it ends INTERRUPTED
                return;
            }
            // On the committing thread: sending is asynchronous (the HTTP client takes it from here), so a hand-off to
            // another thread first would only add a wake-up to every generation's latency.
            try {
                start(new Ready(job, ownerId, request, Optional.of(key)));
            } catch (RuntimeException e) {
                log.error("Starting generation {} failed; it ends INTERRUPTED when its lease runs out", job, e);
            } finally {
                reserved.decrementAndGet();
            }
        }
    }

    /** Cancels a job running on this node; other nodes notice the request at their next heartbeat. */
    boolean cancelLocal(long id) {
        CompletableFuture<GatewayResult> future = inFlight.get(id);
        return future != null && future.cancel(true);
    }

    /** Stops taking new jobs (running ones finish); used to drain a node. */
    void pause() {
        paused = true;
        while (polling.get()) {
            Thread.onSpinWait();
        }
    }

    void resume() {
        paused = false;
    }

    int inFlight() {
        return inFlight.size();
    }

    /** A claimed job with what its call needs; no key means it cannot be sent. */
    private record Ready(long id, long ownerId, GenerationRequest request, Optional<UsableKey> key) {
    }

    /** Which key a job is sent with: jobs of one claim that share this share the key (and its decryption). */
    private record KeyChoice(Long teamId, long ownerId, String providerId, Long apiKeyId) {
    }

    /** Loads a claim's jobs and keys in one transaction, however many were claimed together. */
    private List<Ready> prepare(List<JobQueue.Claimed> claimed) {
        return tx.execute(status -> {
            Map<Long, Generation> byId = new HashMap<>();
            generations.findAllById(claimed.stream().map(JobQueue.Claimed::id).toList()).forEach(g -> byId.put(g.id(), g));
            Map<KeyChoice, Optional<UsableKey>> keys = new HashMap<>();
            List<Ready> ready = new ArrayList<>();
            for (JobQueue.Claimed c : claimed) {
                Generation job = byId.get(c.id());
                if (job == null) {
                    continue;
                }
                GenerationRequest r = job.toRequest();
                KeyChoice choice = new KeyChoice(r.teamId(), job.ownerId(), r.providerId(), r.apiKeyId());
                ready.add(new Ready(job.id(), job.ownerId(), r, keys.computeIfAbsent(choice, k -> k.teamId() != null
                        ? apiKeys.usableTeamKey(k.teamId(), k.providerId())
                        : apiKeys.usableKey(k.ownerId(), k.providerId(), k.apiKeyId()))));
            }
            return ready;
        });
    }

    private void start(Ready ready) {
        long id = ready.id();
        Optional<UsableKey> key = ready.key();
        if (key.isEmpty()) {
            // claimed by poll(), possibly on the scheduler's only thread: the ending is written on a background thread
            background.execute(() -> finish(ready, null, FinishWriter.Ending.failed(GenerationOutcome.failure("NO_KEY", null)), false, null));
            return;
        }
        ChatRequest chat = toChatRequest(ready.ownerId(), ready.request());
        AtomicLong lastProgress = new AtomicLong();
        CompletableFuture<GatewayResult> call = gateway.complete(key.get().provider().endpoint(), key.get().secret(), chat,
                line -> {
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
                complete(ready, keyId, result, error, allowPrivate);
            } catch (RuntimeException e) {
                log.error("Finishing generation {} failed", id, e);
                done(id);
            }
        }, background);
    }

    /** The job no longer holds a place on this node: another can be claimed. */
    private void done(long id) {
        inFlight.remove(id);
        background.execute(this::poll);
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

    private void complete(Ready job, long keyId, GatewayResult result, Throwable error, boolean allowPrivate) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof CancellationException) {
            finish(job, workerId, FinishWriter.Ending.cancelled(), true, keyId);
            return;
        }
        if (cause != null) {
            log.warn("Generation {} failed unexpectedly: {}", job.id(), cause.toString());
            finish(job, workerId, FinishWriter.Ending.failed(GenerationOutcome.failure("INTERNAL", null)), true, keyId);
            return;
        }
        if (result instanceof GatewayResult.Failure failure) {
            GenerationOutcome outcome = new GenerationOutcome(failure.kind().name(), failure.gatewayMessage(), failure.httpStatus(),
                    null, null, null, null, null, null, null, failure.latency() == null ? null : failure.latency().toMillis());
            finish(job, workerId, FinishWriter.Ending.failed(outcome), true, keyId);
            return;
        }
        GatewayResult.Success success = (GatewayResult.Success) result;
        GatewayReply reply = success.reply();
        List<StoredImage> stored = new ArrayList<>();
        List<String> rejections = new ArrayList<>();
        for (GatewayImage image : reply.images()) {
            try {
                stored.add(image.data() != null ? intake.accept(image.data()) : intake.fetchAndAccept(image.url(), allowPrivate));
            } catch (ImageRejected rejected) {
                rejections.add(rejected.messageKey());
            }
        }
        String finishReason = reply.choices().isEmpty() ? null : reply.choices().get(0).finishReason();
        GatewayReply.Usage usage = reply.usage();
        boolean lostAll = stored.isEmpty() && !rejections.isEmpty();
        GenerationOutcome outcome = new GenerationOutcome(lostAll ? "IMAGE_REJECTED" : null,
                rejections.isEmpty() ? null : String.join(", ", rejections), null, reply.id(), finishReason, reply.text(),
                reply.redactedRawJson(), usage == null ? null : usage.promptTokens(), usage == null ? null : usage.completionTokens(),
                usage == null ? null : usage.totalTokens(), success.latency().toMillis());
        finish(job, workerId, lostAll ? FinishWriter.Ending.failed(outcome) : FinishWriter.Ending.succeeded(outcome, stored), true, keyId);
    }

    private void finish(Ready job, String expectedWorker, FinishWriter.Ending ending, boolean reachedGateway, Long keyId) {
        long id = job.id();
        finishes.add(new FinishWriter.PendingEnd(id, new FinishWriter.Job(job.ownerId(), job.request()), expectedWorker, ending,
                reachedGateway, keyId, () -> done(id), 0));
    }

    @Override
    public void start() {
        stopping = false;
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * A node being stopped (a deployment, a scale-down) takes no new jobs and waits up to
     * {@code atelier.generation.shutdown-wait} for the calls it has in flight: their results may already be paid for,
     * and once stored they are not lost. Leases are renewed meanwhile, since scheduled heartbeats stop with the node.
     * What is still running after that ends INTERRUPTED with Retry when its lease runs out, as if the node had died.
     */
    @Override
    public void stop() {
        stopping = true;
        long deadline = System.nanoTime() + settings.shutdownWait().toNanos();
        long nextHeartbeat = System.nanoTime() + settings.heartbeat().toNanos();
        try {
            while ((!inFlight.isEmpty() || reserved.get() > 0) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                if (System.nanoTime() > nextHeartbeat) {
                    heartbeat();
                    nextHeartbeat = System.nanoTime() + settings.heartbeat().toNanos();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!inFlight.isEmpty()) {
            log.warn("Stopping with {} generation(s) still waiting for their gateway; they end INTERRUPTED with Retry", inFlight.size());
        }
        running = false;
    }

    @PreDestroy
    void shutDownThreads() {
        stopping = true;
        background.shutdown();
    }
}
