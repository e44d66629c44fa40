package studio.atelier.account;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import studio.atelier.shared.StartUpLock;

@Component
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final AdminBootstrapSettings settings;
    private final AccountService accounts;
    private final TransactionTemplate tx;
    private final StartUpLock startUpLock;

    AdminBootstrap(AdminBootstrapSettings settings, AccountService accounts, TransactionTemplate tx, StartUpLock startUpLock) {
        this.settings = settings;
        this.accounts = accounts;
        this.tx = tx;
        this.startUpLock = startUpLock;
    }

    /** Nodes starting together take turns (see {@link StartUpLock}): the second finds the first's account and updates it. */
    @Override
    public void run(ApplicationArguments args) {
        if (settings.isSet()) {
            tx.executeWithoutResult(status -> {
                startUpLock.take();
                accounts.ensureAdmin(settings.username(), settings.password());
            });
            log.info("Administrator account '{}' ensured from configuration", settings.username());
        }
    }
}
