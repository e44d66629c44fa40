package studio.atelier.account;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.shared.AdminOnly;
import studio.atelier.audit.Actor;
import studio.atelier.audit.AuditAction;
import studio.atelier.audit.AuditLog;
import studio.atelier.shared.Role;

/**
 * What administrators do to accounts. Every change is audited in the same transaction, and the instance can never
 * be left without an enabled administrator.
 */
@AdminOnly
@Service
public class AccountAdmin {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    private final UserAccountRepository accounts;
    private final PasswordEncoder encoder;
    private final AuditLog audit;
    private final RegistrationSwitch registration;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    AccountAdmin(UserAccountRepository accounts, PasswordEncoder encoder, AuditLog audit, RegistrationSwitch registration,
            JdbcClient jdbc, Clock clock) {
        this.clock = clock;
        this.accounts = accounts;
        this.encoder = encoder;
        this.audit = audit;
        this.registration = registration;
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public List<AccountSummary> search(String query, int limit) {
        String q = query == null ? "" : query.trim().toLowerCase(java.util.Locale.ROOT);
        return jdbc.sql("select id from app_user where username_key like :q or lower(coalesce(email, '')) like :q "
                        + "order by created_at desc, id desc limit :limit")
                .param("q", "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%").param("limit", limit)
                .query(Long.class).list().stream().map(id -> accounts.findById(id).orElseThrow().toSummary()).toList();
    }

    @Transactional
    public void setEnabled(Actor admin, long userId, boolean enabled, String reason) {
        UserAccount account = accounts.findById(userId).orElseThrow(AccountNotFound::new);
        if (!enabled && account.toSummary().role() == Role.ADMIN) {
            guardLastAdmin();
        }
        boolean before = account.toSummary().enabled();
        account.setEnabled(enabled);
        if (!enabled) {
            // over for good: enabling the account again before a session's next request brings none of them back
            account.endSessionsBefore(clock.instant());
        }
        audit.record(admin, enabled ? AuditAction.USER_ENABLED : AuditAction.USER_DISABLED, "user", userId,
                "enabled=" + before, "enabled=" + enabled, reason);
    }

    @Transactional
    public void setRole(Actor admin, long userId, Role role, String reason) {
        UserAccount account = accounts.findById(userId).orElseThrow(AccountNotFound::new);
        Role before = account.toSummary().role();
        if (before == role) {
            return;
        }
        if (before == Role.ADMIN) {
            guardLastAdmin();
        }
        account.setRole(role);
        if (before == Role.ADMIN) {
            account.endSessionsBefore(clock.instant());
        }
        audit.record(admin, role == Role.ADMIN ? AuditAction.USER_PROMOTED : AuditAction.USER_DEMOTED, "user", userId,
                "role=" + before, "role=" + role, reason);
    }

    /** @return the temporary password, shown once to the administrator; the person must change it at next sign-in */
    @Transactional
    public String resetPassword(Actor admin, long userId, String reason) {
        UserAccount account = accounts.findById(userId).orElseThrow(AccountNotFound::new);
        StringBuilder temporary = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            temporary.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        account.resetPassword(encoder.encode(temporary.toString()));
        account.endSessionsBefore(clock.instant());
        audit.record(admin, AuditAction.USER_PASSWORD_RESET, "user", userId, null, "must change at next sign-in", reason);
        return temporary.toString();
    }

    @Transactional
    public void setRegistrationOpen(Actor admin, boolean open) {
        boolean before = registration.isOpen();
        registration.set(open);
        audit.record(admin, AuditAction.REGISTRATION_TOGGLED, "setting", "registration", "open=" + before, "open=" + open, null);
    }

    public boolean registrationOpen() {
        return registration.isOpen();
    }

    @Transactional(readOnly = true)
    public Optional<AccountSummary> find(long userId) {
        return accounts.findById(userId).map(UserAccount::toSummary);
    }

    private void guardLastAdmin() {
        // lock the enabled admins so two concurrent demotions cannot both pass the check
        List<Long> admins = jdbc.sql("select id from app_user where role = 'ADMIN' and enabled = true for update").query(Long.class).list();
        if (admins.size() <= 1) {
            throw new AccountProblem("user", "admin.users.lastAdmin");
        }
    }

    public static class AccountNotFound extends RuntimeException {
    }
}
