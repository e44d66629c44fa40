package studio.atelier.team;

import java.time.Instant;

/** What team pages show. */
public final class TeamViews {

    private TeamViews() {
    }

    /** A team as one member sees it (with that member's role). */
    public record TeamView(long id, String name, String slug, TeamRole role, Instant createdAt, int memberCount) {
    }

    public record MemberView(long userId, String username, TeamRole role, Instant joinedAt) {
    }

    /** An invitation as the team's managers see it; never the token. */
    public record InvitationView(long id, String invitedUsername, TeamRole role, Instant createdAt, Instant expiresAt, int maxUses,
            int uses, boolean revoked, boolean expired) {

        public boolean byLink() {
            return invitedUsername == null;
        }

        public boolean open() {
            return !revoked && !expired && uses < maxUses;
        }
    }

    /** An invitation by username waiting for the invited person's answer. */
    public record PendingInvitation(long id, String teamName, TeamRole role, Instant expiresAt) {
    }

    /** What the invitation page shows; {@code problemCode} is set when it can no longer be accepted. */
    public record InvitationPreview(String teamName, String teamSlug, TeamRole role, Instant expiresAt, String problemCode,
            boolean alreadyMember) {
    }
}
