package studio.atelier.account;

import java.time.Instant;

import studio.atelier.shared.Role;

/**
 * What other modules may know about an account: never the password hash. {@code sessionsValidFrom}: sessions signed in
 * before it are over (null: none ended).
 */
public record AccountSummary(long id, String username, String email, Role role, boolean enabled,
        boolean mustChangePassword, Instant createdAt, Instant lastLoginAt, Instant sessionsValidFrom) {
}
