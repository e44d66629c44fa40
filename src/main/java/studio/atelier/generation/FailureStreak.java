package studio.atelier.generation;

import java.time.Duration;

import org.slf4j.Logger;

import studio.atelier.shared.DatabaseOutage;

/**
 * Consecutive failures of one recurring background task (claiming jobs, renewing leases). While the database is away
 * such a task fails every time it runs: the first failure is a warning, the rest are quiet, the recovery is logged
 * once, and the next attempt waits twice as long each time up to a cap, so an outage neither floods the log nor
 * keeps threads waiting on an empty connection pool.
 */
final class FailureStreak {

    private final String task;
    private final Logger log;
    private final Duration firstWait;
    private final Duration maxWait;
    private int failures;
    private long resumeAt;

    FailureStreak(String task, Logger log, Duration firstWait, Duration maxWait) {
        this.task = task;
        this.log = log;
        this.firstWait = firstWait;
        this.maxWait = maxWait;
    }

    /** Whether the task should run now, or is still waiting after a failure. */
    synchronized boolean due() {
        return failures == 0 || System.nanoTime() - resumeAt >= 0;
    }

    synchronized void succeeded() {
        if (failures > 0) {
            log.info("{} works again after {} failed attempt(s)", task, failures);
            failures = 0;
        }
    }

    synchronized void failed(RuntimeException failure) {
        failures++;
        Duration wait = waitAfter(failures);
        resumeAt = System.nanoTime() + wait.toNanos();
        boolean outage = DatabaseOutage.causedBy(failure);
        String cause = outage ? "database unavailable: " + DatabaseOutage.summary(failure) : failure.toString();
        if (failures == 1 && !outage) {
            // not the database being away: a bug or a bad row, whose stack trace is worth having once
            log.warn("{} failed, retrying with growing pauses (up to {} s) until it works", task, maxWait.toSeconds(), failure);
        } else if (failures == 1) {
            log.warn("{} failed, retrying with growing pauses (up to {} s) until it works: {}", task, maxWait.toSeconds(), cause);
        } else {
            log.debug("{} failed again ({} in a row), next attempt in {} ms: {}", task, failures, wait.toMillis(), cause);
        }
    }

    private Duration waitAfter(int failuresInARow) {
        return studio.atelier.shared.Backoff.after(firstWait, maxWait, failuresInARow);
    }
}
