package studio.atelier.support;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

public final class Eventually {

    private Eventually() {
    }

    public static ConditionFactory within(Duration duration) {
        return Awaitility.await().atMost(duration).pollInterval(Duration.ofMillis(50)).pollDelay(Duration.ZERO);
    }
}
