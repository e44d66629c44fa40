package studio.atelier.generation;

import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import studio.atelier.keys.ApiKeyService;
import studio.atelier.keys.UsableKey;

/**
 * A job submitted while this node has room, and its person has nothing waiting and a place free, skips the queue: it
 * is written RUNNING on this node (lease included) in the submitting transaction, and its call leaves as soon as that
 * commits, without a claim and a second read of the job. Nothing is sent before the commit; if the node dies in
 * between, the lease runs out and the job ends INTERRUPTED with Retry, like any job lost while running. Whether the
 * person has a place free is decided by the insert ({@link JobQueue#add}), under a lock on the person it takes first.
 */
@Component
class StartAtOnce {

    private static final Logger log = LoggerFactory.getLogger(StartAtOnce.class);

    private final GatewayCalls calls;
    private final ApiKeyService apiKeys;
    private final GenerationSettings settings;

    StartAtOnce(GatewayCalls calls, ApiKeyService apiKeys, GenerationSettings settings) {
        this.calls = calls;
        this.apiKeys = apiKeys;
        this.settings = settings;
    }

    /**
     * @return the place reserved for the job (freed when the transaction ends unless the job was written RUNNING), or
     *         empty: queue it as usual
     */
    Optional<Reserved> reserve(long ownerId, GenerationRequest request, Instant now, Optional<UsableKey> knownKey) {
        if (!calls.taking() || !TransactionSynchronizationManager.isSynchronizationActive() || !calls.reserve()) {
            return Optional.empty();
        }
        boolean registered = false;
        try {
            Optional<UsableKey> key = knownKey.isPresent() ? knownKey : request.teamId() != null
                    ? apiKeys.usableTeamKey(request.teamId(), request.providerId())
                    : apiKeys.usableKey(ownerId, request.providerId(), request.apiKeyId());
            if (key.isEmpty()) {
                return Optional.empty();
            }
            Reserved reserved = new Reserved(ownerId, request, key.get(),
                    new JobQueue.RunHere(calls.workerId(), now, now.plus(settings.lease()), settings.perUserRunning()));
            TransactionSynchronizationManager.registerSynchronization(reserved);
            registered = true;
            return Optional.of(reserved);
        } finally {
            if (!registered) {
                calls.release();
            }
        }
    }

    /** A place taken for a job being submitted: what to write on its row, and its call, made after the commit. */
    final class Reserved implements TransactionSynchronization {

        private final long ownerId;
        private final GenerationRequest request;
        private final UsableKey key;
        private final JobQueue.RunHere place;
        private volatile Long id;

        private Reserved(long ownerId, GenerationRequest request, UsableKey key, JobQueue.RunHere place) {
            this.ownerId = ownerId;
            this.request = request;
            this.key = key;
            this.place = place;
        }

        /** What the insert needs to write the job RUNNING on this node. */
        JobQueue.RunHere place() {
            return place;
        }

        /** The job was written RUNNING: its call leaves after the commit. */
        void started(long generationId) {
            this.id = generationId;
        }

        @Override
        public void afterCompletion(int status) {
            Long job = id;
            if (status != STATUS_COMMITTED || job == null) {
                calls.release();
                return;
            }
            // On the committing thread: sending is asynchronous (the HTTP client takes it from here), so a hand-off to
            // another thread first would only add a wake-up to every generation's latency.
            try {
                calls.start(new GatewayCalls.Ready(job, ownerId, request, Optional.of(key)));
            } catch (RuntimeException e) {
                log.error("Starting generation {} failed; it ends INTERRUPTED when its lease runs out", job, e);
            } finally {
                calls.release();
            }
        }
    }
}
