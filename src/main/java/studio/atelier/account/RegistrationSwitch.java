package studio.atelier.account;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Whether people may register themselves: the administrator's choice (stored in the database, so every node
 * agrees) or, until one was made, {@code atelier.registration.enabled}.
 */
@Component
class RegistrationSwitch {

    private static final String NAME = "registration.enabled";

    private final JdbcClient jdbc;
    private final RegistrationSettings defaults;

    RegistrationSwitch(JdbcClient jdbc, RegistrationSettings defaults) {
        this.jdbc = jdbc;
        this.defaults = defaults;
    }

    boolean isOpen() {
        Optional<String> stored = jdbc.sql("select setting_value from app_setting where name = :n").param("n", NAME).query(String.class).optional();
        return stored.map(Boolean::parseBoolean).orElse(defaults.enabled());
    }

    @Transactional
    void set(boolean open) {
        if (jdbc.sql("update app_setting set setting_value = :v where name = :n").param("v", String.valueOf(open)).param("n", NAME).update() == 0) {
            jdbc.sql("insert into app_setting (name, setting_value) values (:n, :v)").param("v", String.valueOf(open)).param("n", NAME).update();
        }
    }
}
