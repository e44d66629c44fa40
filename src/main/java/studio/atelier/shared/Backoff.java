package studio.atelier.shared;

import java.time.Duration;

/** Pauses between attempts at something that keeps failing (the database away): growing, but bounded. */
public final class Backoff {

    private Backoff() {
    }

    /** The pause after {@code failuresInARow} failures: {@code first}, doubled each time, never above {@code max}. */
    public static Duration after(Duration first, Duration max, int failuresInARow) {
        long millis = first.toMillis() << Math.min(failuresInARow - 1, 20);
        return Duration.ofMillis(Math.min(Math.max(millis, 1), max.toMillis()));
    }
}
