package studio.atelier.generation;

import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import studio.atelier.keys.UsableKey;

/**
 * This node as a generation worker: it starts jobs at once on submission ({@link StartAtOnce}), claims queued ones
 * ({@link JobClaims}), keeps their leases ({@link LeaseHeartbeat}) and, when the node stops or is drained, takes no new
 * jobs while the calls it has in flight ({@link GatewayCalls}) finish.
 */
@Component
class GenerationWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GenerationWorker.class);
    /**
     * Stops before the web server's graceful shutdown (phase {@code DEFAULT_PHASE - 1024}): while it waits for its calls,
     * pages still answer and submissions are queued for other nodes, and a gateway served by this very application (the
     * demo) can still reply. Waiting after the web server instead left the demo's reply, and any open live-update stream,
     * holding the web server's drain for its whole timeout. The task threads and the database pool close only after
     * every phase.
     */
    private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private final GatewayCalls calls;
    private final StartAtOnce starts;
    private final JobClaims claims;
    private final LeaseHeartbeat heartbeat;
    private final GenerationSettings settings;
    private volatile boolean running;

    GenerationWorker(GatewayCalls calls, StartAtOnce starts, JobClaims claims, LeaseHeartbeat heartbeat, GenerationSettings settings) {
        this.calls = calls;
        this.starts = starts;
        this.claims = claims;
        this.heartbeat = heartbeat;
        this.settings = settings;
    }

    /** See {@link StartAtOnce#reserve}. */
    Optional<StartAtOnce.Reserved> startAtOnce(long ownerId, GenerationRequest request, Instant now, Optional<UsableKey> knownKey) {
        return starts.reserve(ownerId, request, now, knownKey);
    }

    /** Cancels a job running on this node; other nodes notice the request at their next heartbeat. */
    boolean cancelLocal(long id) {
        return calls.cancel(id);
    }

    /** Stops taking new jobs (running ones finish); used to drain a node. */
    void pause() {
        claims.pause();
    }

    void resume() {
        calls.paused(false);
    }

    int inFlight() {
        return calls.count();
    }

    @Override
    public void start() {
        calls.stopping(false);
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
        calls.stopping(true);
        long deadline = System.nanoTime() + settings.shutdownWait().toNanos();
        long nextHeartbeat = System.nanoTime() + settings.heartbeat().toNanos();
        try {
            while (calls.busy() && System.nanoTime() < deadline) {
                Thread.sleep(50);
                if (System.nanoTime() > nextHeartbeat) {
                    heartbeat.renew();
                    nextHeartbeat = System.nanoTime() + settings.heartbeat().toNanos();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (calls.count() > 0) {
            log.warn("Stopping with {} generation(s) still waiting for their gateway; they end INTERRUPTED with Retry", calls.count());
        }
        running = false;
    }
}
