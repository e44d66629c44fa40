package studio.atelier.demo.web;

import java.time.Duration;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import org.springframework.http.HttpStatus;

import studio.atelier.demo.DemoPass;

/**
 * Whom the demo gateway answers: calls that carry this node's {@link DemoPass} (its own generations and key checks),
 * and no more paintings a minute than configured, so the demo is never free CPU for the internet.
 */
final class DemoDoor {

    private final Bucket paintings;

    DemoDoor(int paintingsPerMinute) {
        this.paintings = Bucket.builder()
                .addLimit(limit -> limit.capacity(paintingsPerMinute).refillGreedy(paintingsPerMinute, Duration.ofMinutes(1)))
                .build();
    }

    void admit(String pass) {
        if (!DemoPass.admits(pass)) {
            throw new DemoRejection(HttpStatus.FORBIDDEN, "演示网关只为提供它的 Atelier 作画 / The demo gateway paints only for "
                    + "the Atelier that serves it: sign in there and choose the Demo provider", "invalid_request_error",
                    "demo_pass_required");
        }
    }

    void countPainting() {
        ConsumptionProbe probe = paintings.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw DemoRejection.rateLimited(Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1));
        }
    }
}
