package studio.atelier.account;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
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

    /** The usernames of these accounts, in one query; an id without an account is left out. */
    @Transactional(readOnly = true)
    public Map<Long, String> usernames(Collection<Long> userIds) {
        Map<Long, String> names = new HashMap<>();
        accounts.findAllById(userIds).forEach(a -> names.put(a.id(), a.username()));
        return names;
    }

    /** The longest-standing enabled administrator. */
    @Transactional(readOnly = true)
    public Optional<AccountSummary> firstAdmin() {
        return accounts.findFirstByRoleAndEnabledTrueOrderByIdAsc(studio.atelier.shared.Role.ADMIN).map(UserAccount::toSummary);
    }

    @Transactional(readOnly = true)
    public Optional<AccountSummary> findByUsername(String username) {
        return accounts.findByUsernameKey(UserAccount.keyOf(username)).map(UserAccount::toSummary);
    }
}
