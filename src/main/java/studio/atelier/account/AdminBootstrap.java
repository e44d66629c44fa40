package studio.atelier.account;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

@Component
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final AdminBootstrapSettings settings;
    private final AccountService accounts;

    AdminBootstrap(AdminBootstrapSettings settings, AccountService accounts) {
        this.settings = settings;
        this.accounts = accounts;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (settings.isSet()) {
            accounts.ensureAdmin(settings.username(), settings.password());
            log.info("Administrator account '{}' ensured from configuration", settings.username());
        }
    }
}
