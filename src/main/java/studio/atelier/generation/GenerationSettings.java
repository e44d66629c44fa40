package studio.atelier.generation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How generations run: at most {@code perUserRunning} at once per person (the rest wait in order), at most
 * {@code maxInFlight} on this node; a running job's lease is renewed every {@code heartbeat} and expires after
 * {@code lease} if its node dies; a node being stopped waits up to {@code shutdownWait} for the calls it has in flight.
 */
@ConfigurationProperties("atelier.generation")
record GenerationSettings(Integer perUserRunning, Integer maxInFlight, Duration pollInterval, Duration lease,
        Duration heartbeat, Boolean workerEnabled, Duration shutdownWait) {

    GenerationSettings {
        perUserRunning = perUserRunning == null ? 4 : perUserRunning;
        maxInFlight = maxInFlight == null ? 500 : maxInFlight;
        pollInterval = pollInterval == null ? Duration.ofMillis(250) : pollInterval;
        lease = lease == null ? Duration.ofSeconds(30) : lease;
        heartbeat = heartbeat == null ? Duration.ofSeconds(10) : heartbeat;
        workerEnabled = workerEnabled == null || workerEnabled;
        shutdownWait = shutdownWait == null ? Duration.ofSeconds(20) : shutdownWait;
    }
}
