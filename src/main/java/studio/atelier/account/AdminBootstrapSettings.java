package studio.atelier.account;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code ATELIER_ADMIN_USERNAME} + {@code ATELIER_ADMIN_PASSWORD}: create or update an admin at start-up. */
@ConfigurationProperties("atelier.admin")
record AdminBootstrapSettings(String username, String password) {

    boolean isSet() {
        return username != null && !username.isBlank() && password != null && !password.isBlank();
    }
}
