package studio.atelier.generation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Renews the leases of the jobs this node is running, cancels those whose owner asked (on any node), and ends as
 * INTERRUPTED the jobs of nodes that stopped renewing theirs.
 */
@Component
class LeaseHeartbeat {

    private static final Logger log = LoggerFactory.getLogger(LeaseHeartbeat.class);

    private final JobQueue queue;
    private final GatewayCalls calls;
    private final GenerationSettings settings;
    private final FailureStreak failures;

    LeaseHeartbeat(JobQueue queue, GatewayCalls calls, GenerationSettings settings) {
        this.queue = queue;
        this.calls = calls;
        this.settings = settings;
        this.failures = new FailureStreak("Generation heartbeat", log, settings.heartbeat(), settings.heartbeat());
    }

    @Scheduled(fixedDelayString = "${atelier.generation.heartbeat:10s}")
    void renew() {
        if (!settings.workerEnabled()) {
            return;
        }
        try {
            queue.heartbeat(calls.workerId(), settings.lease(), calls.ids()).forEach(calls::cancel);
            int interrupted = queue.interruptExpired();
            if (interrupted > 0) {
                log.warn("{} generation(s) were running on a node that stopped; marked INTERRUPTED", interrupted);
            }
            failures.succeeded();
        } catch (RuntimeException e) {
            failures.failed(e);
        }
    }
}
