package studio.atelier.account;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Sign-in throttling: after too many failures in the window, refuse attempts until the window clears. */
@ConfigurationProperties("atelier.login")
record ThrottleSettings(Integer maxFailuresPerUser, Integer maxFailuresPerAddress, Duration window) {

    ThrottleSettings {
        maxFailuresPerUser = maxFailuresPerUser == null ? 5 : maxFailuresPerUser;
        maxFailuresPerAddress = maxFailuresPerAddress == null ? 20 : maxFailuresPerAddress;
        window = window == null ? Duration.ofMinutes(15) : window;
    }
}
