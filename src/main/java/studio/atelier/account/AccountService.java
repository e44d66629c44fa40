package studio.atelier.account;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.shared.Role;

@Service
class AccountService {

    private final UserAccountRepository accounts;
    private final PasswordEncoder encoder;
    private final PasswordPolicy policy;
    private final Clock clock;

    AccountService(UserAccountRepository accounts, PasswordEncoder encoder, PasswordPolicy policy, Clock clock) {
        this.accounts = accounts;
        this.encoder = encoder;
        this.policy = policy;
        this.clock = clock;
    }

    /** The first account ever registered administers the instance. */
    @Transactional
    AccountSummary register(String username, String email, String password) {
        String name = username.trim();
        if (accounts.existsByUsernameKey(UserAccount.keyOf(name))) {
            throw new AccountProblem("username", "account.username.taken");
        }
        refuseWeak("password", name, password);
        Role role = accounts.count() == 0 ? Role.ADMIN : Role.USER;
        String cleanEmail = email == null || email.isBlank() ? null : email.trim();
        try {
            return accounts.saveAndFlush(new UserAccount(name, cleanEmail, encoder.encode(password), role, clock.instant()))
                    .toSummary();
        } catch (DataIntegrityViolationException raced) {
            throw new AccountProblem("username", "account.username.taken");
        }
    }

    /** @return the instant before which the account's other sessions are over */
    @Transactional
    Instant changePassword(long userId, String currentPassword, String newPassword) {
        UserAccount account = accounts.findById(userId).orElseThrow();
        if (currentPassword == null || account.passwordHash() == null || !encoder.matches(currentPassword, account.passwordHash())) {
            throw new AccountProblem("currentPassword", "account.password.current-wrong");
        }
        if (encoder.matches(newPassword, account.passwordHash())) {
            throw new AccountProblem("newPassword", "account.password.unchanged");
        }
        refuseWeak("newPassword", account.username(), newPassword);
        account.changePassword(encoder.encode(newPassword));
        return endSessions(account);
    }

    /** The password typed again before a change to how the account signs in; an account without one never matches. */
    @Transactional(readOnly = true)
    boolean passwordMatches(long userId, String password) {
        String hash = accounts.findById(userId).map(UserAccount::passwordHash).orElse(null);
        return password != null && hash != null && encoder.matches(password, hash);
    }

    /** @return the instant before which the account's sessions are over */
    @Transactional
    Instant endSessions(long userId) {
        return endSessions(accounts.findById(userId).orElseThrow());
    }

    private Instant endSessions(UserAccount account) {
        return account.endSessionsBefore(clock.instant());
    }

    @Transactional
    void ensureAdmin(String username, String password) {
        List<String> broken = policy.violations(username, password);
        if (!broken.isEmpty()) {
            throw new IllegalStateException("ATELIER_ADMIN_PASSWORD breaks the password policy (" + String.join(", ", broken) + ")");
        }
        accounts.findByUsernameKey(UserAccount.keyOf(username)).ifPresentOrElse(existing -> {
            existing.promoteToAdmin();
            existing.changePassword(encoder.encode(password));
        }, () -> accounts.save(new UserAccount(username.trim(), null, encoder.encode(password), Role.ADMIN, clock.instant())));
    }

    private void refuseWeak(String field, String username, String password) {
        List<String> broken = policy.violations(username, password);
        if (!broken.isEmpty()) {
            throw new AccountProblem(field, broken);
        }
    }

    @Transactional
    /** @return the instant of the sign-in */
    Instant recordLogin(long userId) {
        Instant now = clock.instant();
        accounts.findById(userId).ifPresent(a -> a.recordLogin(now));
        return now;
    }
}
