package studio.atelier.account;

import java.time.Clock;
import java.time.Instant;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts failed sign-ins in the database (not in memory) so that every app node behind a load balancer
 * sees the same count. The refusal applies to a username whether or not the account exists, so it
 * reveals nothing.
 */
@Component
class LoginThrottle {

    private final LoginFailureRepository failures;
    private final ThrottleSettings settings;
    private final Clock clock;

    LoginThrottle(LoginFailureRepository failures, ThrottleSettings settings, Clock clock) {
        this.failures = failures;
        this.settings = settings;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    boolean isThrottled(String username, String clientAddress) {
        Instant since = clock.instant().minus(settings.window());
        return failures.countByUsernameKeyAndOccurredAtAfter(UserAccount.keyOf(username), since) >= settings.maxFailuresPerUser()
                || failures.countByClientAddressAndOccurredAtAfter(clientAddress, since) >= settings.maxFailuresPerAddress();
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void recordFailure(String username, String clientAddress) {
        String key = UserAccount.keyOf(username);
        failures.save(new LoginFailure(key.length() > 200 ? key.substring(0, 200) : key, clientAddress, clock.instant()));
    }

    @Transactional
    void recordSuccess(String username) {
        failures.deleteByUsernameKey(UserAccount.keyOf(username));
    }

    /** One node at a time: each would delete the same rows, and on PostgreSQL they would wait on each other's locks. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    @SchedulerLock(name = "login-failures-clean-up", lockAtMostFor = "PT30M")
    @Transactional
    void forgetOldFailures() {
        failures.deleteOlderThan(clock.instant().minus(settings.window().multipliedBy(2)));
    }
}
