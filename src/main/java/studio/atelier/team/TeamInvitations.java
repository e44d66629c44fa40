package studio.atelier.team;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.account.AccountApi;
import studio.atelier.account.AccountSummary;
import studio.atelier.team.TeamViews.InvitationPreview;
import studio.atelier.team.TeamViews.InvitationView;
import studio.atelier.team.TeamViews.PendingInvitation;
import studio.atelier.team.TeamViews.TeamView;

/**
 * Invitations to a team, by username or by link: made, listed, revoked, previewed, accepted and declined. A link's token
 * is shown once and stored only as its SHA-256; a use is counted only when it makes a membership.
 */
@Service
public class TeamInvitations {

    public static final Duration INVITATION_LIFETIME = Duration.ofDays(7);
    public static final int MAX_INVITATION_DAYS = 30;
    public static final int MAX_INVITATION_USES = 100;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final AccountApi accounts;
    private final TeamApi teams;
    private final TeamDepartures departures;
    private final Clock clock;

    TeamInvitations(JdbcClient jdbc, AccountApi accounts, TeamApi teams, TeamDepartures departures, Clock clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.teams = teams;
        this.departures = departures;
        this.clock = clock;
    }

    /**
     * Invites by username (when given) or by link. Returns the token: shown once, stored only as its SHA-256.
     * {@code days} (1..30, default 7) and {@code maxUses} (1..100, default 1) are optional.
     */
    @Transactional
    public String invite(long userId, String slug, String username, String roleText, Integer days, Integer maxUses) {
        TeamView team = teams.require(userId, slug, TeamRole::managesMembers);
        TeamRole role = roleText == null || roleText.isBlank() ? TeamRole.MEMBER : TeamRole.parse(roleText);
        if (role == null || role == TeamRole.OWNER) {
            throw new TeamRefused("team.role.unknown");
        }
        if (role == TeamRole.ADMIN && team.role() != TeamRole.OWNER) {
            throw new TeamForbidden();
        }
        Long invited = null;
        if (username != null && !username.isBlank()) {
            AccountSummary who = accounts.findByUsername(username.trim()).filter(AccountSummary::enabled)
                    .orElseThrow(() -> new TeamRefused("team.invite.unknownUser"));
            if (teams.roleOf(team.id(), who.id()).isPresent()) {
                throw new TeamRefused("team.invite.alreadyMember");
            }
            invited = who.id();
        }
        int lifetimeDays = days == null ? (int) INVITATION_LIFETIME.toDays() : days;
        int uses = maxUses == null ? 1 : maxUses;
        if (lifetimeDays < 1 || lifetimeDays > MAX_INVITATION_DAYS || uses < 1 || uses > MAX_INVITATION_USES) {
            throw new TeamRefused("team.invite.limits");
        }
        if (invited != null) {
            uses = 1;
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant at = clock.instant();
        jdbc.sql("""
                insert into invitation (team_id, token_hash, invited_user_id, role, created_by, created_at, expires_at, max_uses, uses)
                values (:t, :h, :i, :r, :by, :at, :exp, :max, 0)""")
                .param("t", team.id()).param("h", hash(token)).param("i", invited).param("r", role.name()).param("by", userId)
                .param("at", Timestamp.from(at)).param("exp", Timestamp.from(at.plus(Duration.ofDays(lifetimeDays))))
                .param("max", uses).update();
        return token;
    }

    @Transactional(readOnly = true)
    public List<InvitationView> invitations(long userId, String slug) {
        TeamView team = teams.require(userId, slug, TeamRole::managesMembers);
        Instant now = clock.instant();
        record Row(long id, Long invitedUserId, TeamRole role, Instant createdAt, Instant expiresAt, int maxUses, int uses,
                boolean revoked) {
        }
        List<Row> rows = jdbc.sql("""
                select id, invited_user_id, role, created_at, expires_at, max_uses, uses, revoked_at
                from invitation where team_id = :t order by created_at desc, id desc""")
                .param("t", team.id())
                .query((rs, n) -> new Row(rs.getLong(1), rs.getObject(2, Long.class), TeamRole.valueOf(rs.getString(3)),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(), rs.getInt(6), rs.getInt(7), rs.getTimestamp(8) != null))
                .list();
        Map<Long, String> names = accounts.usernames(rows.stream().map(Row::invitedUserId).filter(java.util.Objects::nonNull).toList());
        return rows.stream().map(r -> new InvitationView(r.id(), r.invitedUserId() == null ? null : names.get(r.invitedUserId()), r.role(),
                r.createdAt(), r.expiresAt(), r.maxUses(), r.uses(), r.revoked(), !r.expiresAt().isAfter(now))).toList();
    }

    @Transactional
    public void revoke(long userId, String slug, long invitationId) {
        TeamView team = teams.require(userId, slug, TeamRole::managesMembers);
        int changed = jdbc.sql("update invitation set revoked_at = :now where id = :i and team_id = :t and revoked_at is null")
                .param("now", now()).param("i", invitationId).param("t", team.id()).update();
        if (changed == 0 && !teams.exists("select count(*) from invitation where id = :s and team_id = " + team.id(), invitationId)) {
            throw new TeamNotFound();
        }
    }

    /** Invitations by username addressed to {@code userId} that can still be accepted. */
    @Transactional(readOnly = true)
    public List<PendingInvitation> pendingFor(long userId) {
        return jdbc.sql("""
                select i.id, t.name, i.role, i.expires_at from invitation i join team t on t.id = i.team_id
                where i.invited_user_id = :u and i.revoked_at is null and i.uses < i.max_uses and i.expires_at > :now
                  and not exists (select 1 from team_member m where m.team_id = i.team_id and m.user_id = :u)
                order by i.created_at desc""")
                .param("u", userId).param("now", now())
                .query((rs, n) -> new PendingInvitation(rs.getLong(1), rs.getString(2), TeamRole.valueOf(rs.getString(3)),
                        rs.getTimestamp(4).toInstant()))
                .list();
    }

    /** What the invitation page shows; {@link TeamNotFound} for unknown tokens and invitations meant for someone else. */
    @Transactional(readOnly = true)
    public InvitationPreview preview(long userId, String token) {
        Invitation i = byToken(token).filter(inv -> inv.invitedUserId == null || inv.invitedUserId == userId)
                .orElseThrow(TeamNotFound::new);
        return new InvitationPreview(i.teamName, i.teamSlug, i.role, i.expiresAt, problem(i), teams.roleOf(i.teamId, userId).isPresent());
    }

    /** Joins the team; returns its slug. */
    @Transactional
    public String accept(long userId, String token) {
        Invitation i = byToken(token).filter(inv -> inv.invitedUserId == null || inv.invitedUserId == userId)
                .orElseThrow(TeamNotFound::new);
        return accept(userId, i);
    }

    @Transactional
    public String acceptById(long userId, long invitationId) {
        return accept(userId, byId(invitationId).filter(i -> i.invitedUserId != null && i.invitedUserId == userId)
                .orElseThrow(TeamNotFound::new));
    }

    /** Declines: an invitation by username is closed; a link stays usable for others. */
    @Transactional
    public void decline(long userId, String token) {
        Invitation i = byToken(token).filter(inv -> inv.invitedUserId == null || inv.invitedUserId == userId)
                .orElseThrow(TeamNotFound::new);
        declineOwn(userId, i);
    }

    @Transactional
    public void declineById(long userId, long invitationId) {
        declineOwn(userId, byId(invitationId).filter(i -> i.invitedUserId != null && i.invitedUserId == userId)
                .orElseThrow(TeamNotFound::new));
    }

    private void declineOwn(long userId, Invitation i) {
        if (i.invitedUserId != null && i.invitedUserId == userId) {
            jdbc.sql("update invitation set revoked_at = :now where id = :i and revoked_at is null").param("now", now())
                    .param("i", i.id).update();
        }
    }

    private String accept(long userId, Invitation i) {
        // One acceptance at a time per team: a double click or parallel tabs find the membership the first one made and
        // use nothing up.
        teams.lockTeam(i.teamId);
        if (teams.roleOf(i.teamId, userId).isPresent()) {
            return i.teamSlug;
        }
        String problem = problem(i);
        if (problem != null) {
            throw new TeamRefused(problem);
        }
        if (departures.removedAfter(i.teamId, userId, i.createdAt)) {
            throw new TeamRefused("invitation.removedSince");
        }
        int used = jdbc.sql("""
                update invitation set uses = uses + 1
                where id = :i and revoked_at is null and uses < max_uses and expires_at > :now""")
                .param("i", i.id).param("now", now()).update();
        if (used == 0) {
            throw new TeamRefused("invitation.usedUp");
        }
        departures.forget(i.teamId, userId);
        jdbc.sql("insert into team_member (team_id, user_id, role, joined_at) values (:t, :u, :r, :at)")
                .param("t", i.teamId).param("u", userId).param("r", i.role.name()).param("at", now()).update();
        return i.teamSlug;
    }

    private String problem(Invitation i) {
        if (i.revoked) {
            return "invitation.revoked";
        }
        if (!i.expiresAt.isAfter(clock.instant())) {
            return "invitation.expired";
        }
        if (i.uses >= i.maxUses) {
            return "invitation.usedUp";
        }
        return null;
    }

    private record Invitation(long id, long teamId, String teamName, String teamSlug, Long invitedUserId, TeamRole role,
            Instant expiresAt, int maxUses, int uses, boolean revoked, Instant createdAt) {
    }

    private static final String INVITATION_SELECT = """
            select i.id, i.team_id, t.name, t.slug, i.invited_user_id, i.role, i.expires_at, i.max_uses, i.uses, i.revoked_at,
                   i.created_at
            from invitation i join team t on t.id = i.team_id""";

    private Optional<Invitation> byToken(String token) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
            return Optional.empty();
        }
        return jdbc.sql(INVITATION_SELECT + " where i.token_hash = :h").param("h", hash(token)).query(this::invitation).optional();
    }

    private Optional<Invitation> byId(long id) {
        return jdbc.sql(INVITATION_SELECT + " where i.id = :i").param("i", id).query(this::invitation).optional();
    }

    private Invitation invitation(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        long invitedId = rs.getLong(5);
        Long invited = rs.wasNull() ? null : invitedId;
        return new Invitation(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), invited,
                TeamRole.valueOf(rs.getString(6)), rs.getTimestamp(7).toInstant(), rs.getInt(8), rs.getInt(9), rs.getTimestamp(10) != null,
                rs.getTimestamp(11).toInstant());
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }
}
