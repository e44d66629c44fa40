package studio.atelier.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.audit.Actor;
import studio.atelier.audit.AuditAction;
import studio.atelier.audit.AuditLog;
import studio.atelier.shared.Role;

/**
 * Accounts as an identity provider knows them: found by the provider's issuer and subject (never by e-mail alone),
 * provisioned at a first sign-in without a password of their own, or linked to an existing account. What the
 * provider changes is audited with the provider as the actor.
 */
@Service
public class ExternalIdentities {

    private final UserAccountRepository accounts;
    private final ProvisionedUsernames usernames;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    ExternalIdentities(UserAccountRepository accounts, ProvisionedUsernames usernames, JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.accounts = accounts;
        this.usernames = usernames;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** An identity linked to an account: which sign-in button it came from, and who the provider says it is. */
    public record LinkedIdentity(String registrationId, String issuer, String subject) {
    }

    @Transactional(readOnly = true)
    public Optional<AccountSummary> findByIdentity(String issuer, String subject) {
        return jdbc.sql("select user_id from sso_identity where issuer = :i and subject = :s").param("i", issuer).param("s", subject)
                .query(Long.class).optional().flatMap(accounts::findById).map(UserAccount::toSummary);
    }

    /** The oldest account with this e-mail address, whatever its case. */
    @Transactional(readOnly = true)
    public Optional<AccountSummary> findByEmail(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        return jdbc.sql("select id from app_user where lower(email) = :e order by id limit 1")
                .param("e", email.trim().toLowerCase(Locale.ROOT)).query(Long.class).optional()
                .flatMap(accounts::findById).map(UserAccount::toSummary);
    }

    @Transactional(readOnly = true)
    public List<LinkedIdentity> of(long userId) {
        return jdbc.sql("select registration_id, issuer, subject from sso_identity where user_id = :u order by id").param("u", userId)
                .query((rs, n) -> new LinkedIdentity(rs.getString(1), rs.getString(2), rs.getString(3))).list();
    }

    /** A new account for a person the provider vouches for: a valid, unused username close to the one they go by. */
    @Transactional
    public AccountSummary provision(Actor provider, String wantedUsername, String email, LinkedIdentity identity) {
        String name = usernames.freeNameFor(wantedUsername);
        String cleanEmail = email == null || email.isBlank() ? null : email.trim();
        UserAccount account = accounts.saveAndFlush(new UserAccount(name, cleanEmail, null, Role.USER, clock.instant()));
        insert(account.id(), identity);
        audit.record(provider, AuditAction.SSO_ACCOUNT_PROVISIONED, "user", account.id(), null, name, null);
        return account.toSummary();
    }

    /** @throws IdentityTaken when the identity already belongs to an account */
    @Transactional
    public void link(Actor actor, long userId, LinkedIdentity identity) {
        Optional<AccountSummary> holder = findByIdentity(identity.issuer(), identity.subject());
        if (holder.isPresent()) {
            if (holder.get().id() == userId) {
                return;
            }
            throw new IdentityTaken();
        }
        try {
            insert(userId, identity);
        } catch (DataIntegrityViolationException raced) {
            throw new IdentityTaken();
        }
        audit.record(actor, AuditAction.SSO_IDENTITY_LINKED, "user", userId, null, identity.registrationId(), null);
    }

    /** The address the provider has now: people change it there, and the account follows. */
    @Transactional
    public void updateEmail(long userId, String email) {
        if (email != null && !email.isBlank()) {
            accounts.findById(userId).ifPresent(a -> a.changeEmail(email.trim()));
        }
    }

    /**
     * The role the provider's groups give. A demotion ends no session: every request reads the role again
     * (see the configuration's account state filter). The last enabled administrator keeps the role.
     *
     * @return whether the role changed
     */
    @Transactional
    public boolean setRole(Actor provider, long userId, Role role) {
        UserAccount account = accounts.findById(userId).orElseThrow();
        Role before = account.toSummary().role();
        if (before == role) {
            return false;
        }
        if (before == Role.ADMIN && jdbc.sql("select id from app_user where role = 'ADMIN' and enabled = true for update")
                .query(Long.class).list().size() <= 1) {
            return false;
        }
        account.setRole(role);
        audit.record(provider, role == Role.ADMIN ? AuditAction.USER_PROMOTED : AuditAction.USER_DEMOTED, "user", userId,
                "role=" + before, "role=" + role, null);
        return true;
    }

    private void insert(long userId, LinkedIdentity identity) {
        jdbc.sql("insert into sso_identity (user_id, registration_id, issuer, subject, linked_at) values (:u, :r, :i, :s, :at)")
                .param("u", userId).param("r", identity.registrationId()).param("i", identity.issuer())
                .param("s", identity.subject()).param("at", Timestamp.from(clock.instant())).update();
    }

    /** The identity already belongs to another account. */
    public static class IdentityTaken extends RuntimeException {
    }
}
