package studio.atelier.account;

import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The account facts other modules may ask for. */
@Service
public class AccountApi {

    private final UserAccountRepository accounts;

    AccountApi(UserAccountRepository accounts) {
        this.accounts = accounts;
    }

    @Transactional(readOnly = true)
    public Optional<AccountSummary> find(long userId) {
        return accounts.findById(userId).map(UserAccount::toSummary);
    }

    @Transactional(readOnly = true)
    public Optional<AccountSummary> findByUsername(String username) {
        return accounts.findByUsernameKey(UserAccount.keyOf(username)).map(UserAccount::toSummary);
    }
}
