package studio.atelier.demo;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The built-in offline demo gateway under {@code /demo/v1}. {@code delay} is how long a fake generation takes
 * (progress lines are spread over it), so new users see the real streaming experience. {@code callsPerMinute} bounds
 * the paintings one node makes a minute, for everyone together. {@code threads} paint and send the replies; a waiting
 * reply holds none of them.
 */
@ConfigurationProperties("atelier.upstream.demo")
public record DemoSettings(@DefaultValue("true") boolean enabled, @DefaultValue("1500ms") Duration delay,
        @DefaultValue("120") int callsPerMinute, @DefaultValue("2") int threads) {

    public static final Duration DEFAULT_DELAY = Duration.ofMillis(1500);

    public DemoSettings {
        delay = delay == null ? DEFAULT_DELAY : delay.isNegative() ? Duration.ZERO : delay;
        if (callsPerMinute < 1) {
            throw new IllegalArgumentException("atelier.upstream.demo.calls-per-minute must be at least 1");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("atelier.upstream.demo.threads must be at least 1");
        }
    }
}
