package studio.atelier.account;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.shared.Role;

@Entity
@Table(name = "app_user")
class UserAccount {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String username;

    @Column(name = "username_key")
    private String usernameKey;

    private String email;

    @Column(name = "password_hash")
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    private Role role;

    private boolean enabled;

    @Column(name = "must_change_password")
    private boolean mustChangePassword;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "last_login_at")
    private Instant lastLoginAt;

    @Column(name = "sessions_valid_from")
    private Instant sessionsValidFrom;

    @Version
    private long version;

    protected UserAccount() {
    }

    UserAccount(String username, String email, String passwordHash, Role role, Instant createdAt) {
        this.username = username;
        this.usernameKey = keyOf(username);
        this.email = email;
        this.passwordHash = passwordHash;
        this.role = role;
        this.enabled = true;
        this.createdAt = createdAt;
    }

    static String keyOf(String username) {
        return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
    }

    AtelierPrincipal toPrincipal() {
        return new AtelierPrincipal(id, username, passwordHash, role, enabled);
    }

    AccountSummary toSummary() {
        return new AccountSummary(id, username, email, role, enabled, mustChangePassword, createdAt, lastLoginAt, sessionsValidFrom);
    }

    /**
     * Every session signed in before {@code at} ends at its next request. Kept to the millisecond, which every database
     * stores exactly (a finer instant could come back rounded), and rounded up, so that no session signed in during
     * that millisecond outlives it.
     *
     * @return the instant stored: a session stamped with it goes on
     */
    Instant endSessionsBefore(Instant at) {
        Instant millis = at.truncatedTo(ChronoUnit.MILLIS);
        this.sessionsValidFrom = millis.equals(at) ? millis : millis.plusMillis(1);
        return sessionsValidFrom;
    }

    void changePassword(String newHash) {
        this.passwordHash = newHash;
        this.mustChangePassword = false;
    }

    void promoteToAdmin() {
        this.role = Role.ADMIN;
        this.enabled = true;
    }

    void changeEmail(String email) {
        this.email = email;
    }

    void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    void setRole(Role role) {
        this.role = role;
    }

    void resetPassword(String temporaryHash) {
        this.passwordHash = temporaryHash;
        this.mustChangePassword = true;
    }

    void recordLogin(Instant at) {
        this.lastLoginAt = at;
    }

    Long id() {
        return id;
    }

    String username() {
        return username;
    }

    String passwordHash() {
        return passwordHash;
    }
}
