package studio.atelier.signin;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import studio.atelier.account.AccountApi;
import studio.atelier.account.AccountSummary;
import studio.atelier.account.ExternalIdentities;
import studio.atelier.audit.Actor;
import studio.atelier.audit.AuditAction;
import studio.atelier.audit.AuditLog;
import studio.atelier.shared.Role;
import studio.atelier.team.TeamProvisioning;
import studio.atelier.team.TeamRole;

/**
 * The provider's groups, applied at each sign-in: the administrator role when {@code admin-groups} is set, and the
 * memberships of the teams {@code team-groups} names (added, changed, or removed when no group gives one any more).
 * Memberships of other teams are the teams' own business and stay as they are.
 */
@Component
class SsoGroups {

    private static final Logger log = LoggerFactory.getLogger(SsoGroups.class);

    private final ExternalIdentities identities;
    private final TeamProvisioning teams;
    private final AccountApi accounts;
    private final AuditLog audit;

    SsoGroups(ExternalIdentities identities, TeamProvisioning teams, AccountApi accounts, AuditLog audit) {
        this.identities = identities;
        this.teams = teams;
        this.accounts = accounts;
        this.audit = audit;
    }

    void apply(Actor provider, AccountSummary account, ClaimedIdentity claimed, ProviderRules rules) {
        List<String> groups = claimed.groups(rules.groupsClaim());
        if (!rules.adminGroups().isEmpty()) {
            boolean admin = groups.stream().anyMatch(rules.adminGroups()::contains);
            identities.setRole(provider, account.id(), admin ? Role.ADMIN : Role.USER);
        }
        wantedTeams(groups, rules).forEach((slug, wanted) -> applyTeam(provider, account.id(), slug, wanted));
    }

    /** Every team the rules name, with the strongest role the person's groups give there (empty: none). */
    private static Map<String, Optional<TeamRole>> wantedTeams(List<String> groups, ProviderRules rules) {
        Map<String, Optional<TeamRole>> wanted = new HashMap<>();
        rules.teamGroups().forEach((group, target) -> {
            int colon = target.lastIndexOf(':');
            String slug = (colon < 0 ? target : target.substring(0, colon)).strip();
            Optional<TeamRole> role = colon < 0 ? Optional.of(TeamRole.MEMBER) : TeamProvisioning.role(target.substring(colon + 1));
            if (slug.isEmpty() || role.isEmpty()) {
                log.warn("atelier.sso team-groups entry for group '{}' is not <team-slug>:<ROLE>; ignored", group);
                return;
            }
            Optional<TeamRole> given = groups.contains(group) ? role : Optional.empty();
            wanted.merge(slug, given, SsoGroups::stronger);
        });
        return wanted;
    }

    private static Optional<TeamRole> stronger(Optional<TeamRole> a, Optional<TeamRole> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() ? b : a;
        }
        return a.get().ordinal() <= b.get().ordinal() ? a : b;
    }

    private void applyTeam(Actor provider, long userId, String slug, Optional<TeamRole> wanted) {
        Optional<TeamRole> current = teams.roleOf(slug, userId);
        if (wanted.isEmpty()) {
            if (current.isPresent() && teams.remove(slug, userId)) {
                audit.record(provider, AuditAction.SSO_TEAM_MEMBER_REMOVED, "team", slug, "user=" + userId + " role=" + current.get(), null, null);
            }
            return;
        }
        if (current.equals(wanted)) {
            return;
        }
        if (current.isEmpty()) {
            long owner = accounts.firstAdmin().map(AccountSummary::id).orElse(userId);
            if (teams.createIfMissing(slug, owner)) {
                audit.record(provider, AuditAction.SSO_TEAM_CREATED, "team", slug, null, "owner=" + owner, null);
            }
            current = teams.roleOf(slug, userId);
        }
        if (current.equals(wanted)) {
            return;
        }
        teams.put(slug, userId, wanted.get());
        Optional<TeamRole> now = teams.roleOf(slug, userId);
        if (!now.equals(current)) {
            audit.record(provider, current.isEmpty() ? AuditAction.SSO_TEAM_MEMBER_ADDED : AuditAction.SSO_TEAM_ROLE_CHANGED, "team", slug,
                    current.map(r -> "user=" + userId + " role=" + r).orElse(null), "user=" + userId + " role=" + now.get(), null);
        }
    }
}
