package studio.atelier.team;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.BindingResult;

import studio.atelier.account.AccountApi;
import studio.atelier.account.AccountSummary;
import studio.atelier.apikey.ApiKeyForm;
import studio.atelier.apikey.ApiKeyService;
import studio.atelier.apikey.ApiKeyView;
import studio.atelier.apikey.KeyCheckOutcome;
import studio.atelier.generation.GalleryFilter;
import studio.atelier.generation.GalleryPage;
import studio.atelier.generation.GalleryQuery;
import studio.atelier.generation.GenerationService;
import studio.atelier.team.TeamViews.InvitationPreview;
import studio.atelier.team.TeamViews.InvitationView;
import studio.atelier.team.TeamViews.MemberView;
import studio.atelier.team.TeamViews.PendingInvitation;
import studio.atelier.team.TeamViews.TeamView;

/**
 * Teams, membership, invitations, sharing and team keys. Every method takes the acting person's id and checks their
 * role itself: a person who is not a member gets {@link TeamNotFound} (404), a member whose role does not allow the
 * action {@link TeamForbidden} (403). Membership is read from the database on every call, so a removed member loses
 * access at their next request.
 */
@Service
public class TeamApi {

    public static final Duration INVITATION_LIFETIME = Duration.ofDays(7);
    public static final int MAX_INVITATION_DAYS = 30;
    public static final int MAX_INVITATION_USES = 100;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final AccountApi accounts;
    private final ApiKeyService keys;
    private final GalleryQuery gallery;
    private final GenerationService generations;
    private final TeamDepartures departures;
    private final Clock clock;

    TeamApi(JdbcClient jdbc, AccountApi accounts, ApiKeyService keys, GalleryQuery gallery, GenerationService generations,
            TeamDepartures departures, Clock clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.keys = keys;
        this.gallery = gallery;
        this.generations = generations;
        this.departures = departures;
        this.clock = clock;
    }

    // ---- teams ----------------------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public List<TeamView> myTeams(long userId) {
        return jdbc.sql("""
                select t.id, t.name, t.slug, m.role, t.created_at,
                       (select count(*) from team_member c where c.team_id = t.id) as members
                from team t join team_member m on m.team_id = t.id
                where m.user_id = :u order by lower(t.name), t.id""")
                .param("u", userId)
                .query((rs, n) -> new TeamView(rs.getLong(1), rs.getString(2), rs.getString(3), TeamRole.valueOf(rs.getString(4)),
                        rs.getTimestamp(5).toInstant(), rs.getInt(6)))
                .list();
    }

    /**
     * The team as {@code userId} sees it; {@link TeamMembershipEnded} for people removed from it, {@link TeamNotFound}
     * for everyone else outside it.
     */
    @Transactional(readOnly = true)
    public TeamView team(long userId, String slug) {
        return jdbc.sql("""
                select t.id, t.name, t.slug, m.role, t.created_at,
                       (select count(*) from team_member c where c.team_id = t.id) as members
                from team t join team_member m on m.team_id = t.id
                where t.slug = :s and m.user_id = :u""")
                .param("s", slug == null ? "" : slug).param("u", userId)
                .query((rs, n) -> new TeamView(rs.getLong(1), rs.getString(2), rs.getString(3), TeamRole.valueOf(rs.getString(4)),
                        rs.getTimestamp(5).toInstant(), rs.getInt(6)))
                .optional().orElseThrow(() -> departures.removedFrom(userId, slug == null ? "" : slug)
                        .<RuntimeException>map(TeamMembershipEnded::new).orElseGet(TeamNotFound::new));
    }

    /** Creates a team with {@code userId} as its owner; returns its slug. */
    @Transactional
    public String create(long userId, String name) {
        String clean = cleanName(name);
        String base = slugOf(clean);
        String slug = base;
        for (int i = 2; exists("select count(*) from team where slug = :s", slug); i++) {
            slug = base + "-" + i;
        }
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("insert into team (name, slug, created_at) values (:n, :s, :at)").param("n", clean).param("s", slug)
                .param("at", now()).update(key, "id");
        long teamId = key.getKeyAs(Number.class).longValue();
        jdbc.sql("insert into team_member (team_id, user_id, role, joined_at) values (:t, :u, 'OWNER', :at)")
                .param("t", teamId).param("u", userId).param("at", now()).update();
        return slug;
    }

    @Transactional
    public void rename(long userId, String slug, String name) {
        TeamView team = require(userId, slug, TeamRole::managesSettings);
        jdbc.sql("update team set name = :n where id = :t").param("n", cleanName(name)).param("t", team.id()).update();
    }

    /** Deletes the team: memberships, invitations, shares and team keys go; everybody keeps their own generations. */
    @Transactional
    public void delete(long userId, String slug, String confirmation) {
        TeamView team = require(userId, slug, TeamRole::managesSettings);
        if (confirmation == null || !confirmation.trim().equals(team.slug())) {
            throw new TeamRefused("team.delete.confirmMismatch");
        }
        jdbc.sql("delete from team where id = :t").param("t", team.id()).update();
    }

    // ---- members --------------------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public List<MemberView> members(long userId, String slug) {
        TeamView team = team(userId, slug);
        return jdbc.sql("""
                select m.user_id, u.username, m.role, m.joined_at from team_member m join app_user u on u.id = m.user_id
                where m.team_id = :t order by case m.role when 'OWNER' then 0 when 'ADMIN' then 1 when 'MEMBER' then 2 else 3 end,
                      lower(u.username)""")
                .param("t", team.id())
                .query((rs, n) -> new MemberView(rs.getLong(1), rs.getString(2), TeamRole.valueOf(rs.getString(3)),
                        rs.getTimestamp(4).toInstant()))
                .list();
    }

    @Transactional
    public void changeRole(long userId, String slug, long memberId, String newRole) {
        TeamView team = require(userId, slug, TeamRole::managesMembers);
        lockTeam(team.id());
        TeamRole target = roleOf(team.id(), memberId).orElseThrow(TeamNotFound::new);
        TeamRole role = TeamRole.parse(newRole);
        if (role == null) {
            throw new TeamRefused("team.role.unknown");
        }
        if (team.role() == TeamRole.ADMIN && (target.managesMembers() || role.managesMembers())) {
            throw new TeamForbidden();
        }
        if (target == TeamRole.OWNER && role != TeamRole.OWNER && owners(team.id()) <= 1) {
            throw new TeamRefused("team.lastOwner");
        }
        setRole(team.id(), memberId, role);
    }

    /** Makes {@code memberId} an owner and the acting owner an admin. */
    @Transactional
    public void transferOwnership(long userId, String slug, long memberId) {
        TeamView team = require(userId, slug, TeamRole::managesSettings);
        if (memberId == userId) {
            return;
        }
        lockTeam(team.id());
        roleOf(team.id(), memberId).orElseThrow(TeamNotFound::new);
        setRole(team.id(), memberId, TeamRole.OWNER);
        setRole(team.id(), userId, TeamRole.ADMIN);
    }

    @Transactional
    public void removeMember(long userId, String slug, long memberId) {
        if (memberId == userId) {
            leave(userId, slug);
            return;
        }
        TeamView team = require(userId, slug, TeamRole::managesMembers);
        lockTeam(team.id());
        TeamRole target = roleOf(team.id(), memberId).orElseThrow(TeamNotFound::new);
        if (team.role() == TeamRole.ADMIN && target.managesMembers()) {
            throw new TeamForbidden();
        }
        if (target == TeamRole.OWNER && owners(team.id()) <= 1) {
            throw new TeamRefused("team.lastOwner");
        }
        jdbc.sql("delete from team_member where team_id = :t and user_id = :u").param("t", team.id()).param("u", memberId).update();
        departures.recordRemoval(team.id(), memberId);
    }

    @Transactional
    public void leave(long userId, String slug) {
        TeamView team = team(userId, slug);
        lockTeam(team.id());
        // read again under the lock: another owner may have left or been demoted meanwhile
        TeamRole mine = roleOf(team.id(), userId).orElseThrow(TeamNotFound::new);
        if (mine == TeamRole.OWNER && owners(team.id()) <= 1) {
            throw new TeamRefused("team.lastOwner");
        }
        jdbc.sql("delete from team_member where team_id = :t and user_id = :u").param("t", team.id()).param("u", userId).update();
    }

    // ---- invitations ----------------------------------------------------------------------------------------

    /**
     * Invites by username (when given) or by link. Returns the token: shown once, stored only as its SHA-256.
     * {@code days} (1..30, default 7) and {@code maxUses} (1..100, default 1) are optional.
     */
    @Transactional
    public String invite(long userId, String slug, String username, String roleText, Integer days, Integer maxUses) {
        TeamView team = require(userId, slug, TeamRole::managesMembers);
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
            if (roleOf(team.id(), who.id()).isPresent()) {
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
        TeamView team = require(userId, slug, TeamRole::managesMembers);
        Instant now = clock.instant();
        return jdbc.sql("""
                select i.id, u.username, i.role, i.created_at, i.expires_at, i.max_uses, i.uses, i.revoked_at
                from invitation i left join app_user u on u.id = i.invited_user_id
                where i.team_id = :t order by i.created_at desc, i.id desc""")
                .param("t", team.id())
                .query((rs, n) -> new InvitationView(rs.getLong(1), rs.getString(2), TeamRole.valueOf(rs.getString(3)),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(), rs.getInt(6), rs.getInt(7),
                        rs.getTimestamp(8) != null, !rs.getTimestamp(5).toInstant().isAfter(now)))
                .list();
    }

    @Transactional
    public void revoke(long userId, String slug, long invitationId) {
        TeamView team = require(userId, slug, TeamRole::managesMembers);
        int changed = jdbc.sql("update invitation set revoked_at = :now where id = :i and team_id = :t and revoked_at is null")
                .param("now", now()).param("i", invitationId).param("t", team.id()).update();
        if (changed == 0 && !exists("select count(*) from invitation where id = :s and team_id = " + team.id(), invitationId)) {
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
        return new InvitationPreview(i.teamName, i.teamSlug, i.role, i.expiresAt, problem(i), roleOf(i.teamId, userId).isPresent());
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
        lockTeam(i.teamId);
        if (roleOf(i.teamId, userId).isPresent()) {
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

    // ---- sharing and the team gallery ---------------------------------------------------------------------------

    /** The team's gallery as {@code userId} sees it, with who made each item. */
    @Transactional(readOnly = true)
    public GalleryPage gallery(long userId, String slug, GalleryFilter filter, String cursor) {
        TeamView team = team(userId, slug);
        return gallery.pageForTeam(team.id(), userId, filter, cursor);
    }

    /** Usernames for the given account ids (the "by" line of team gallery items). */
    @Transactional(readOnly = true)
    public Map<Long, String> usernames(java.util.Collection<Long> userIds) {
        Map<Long, String> names = new LinkedHashMap<>();
        for (Long id : userIds) {
            if (!names.containsKey(id)) {
                names.put(id, accounts.find(id).map(AccountSummary::username).orElse("?"));
            }
        }
        return names;
    }

    /** Shares {@code userId}'s own generation with exactly the given teams among those they may share with. */
    @Transactional
    public void setShares(long userId, long generationId, List<Long> teamIds) {
        if (generations.find(userId, generationId).isEmpty()) {
            throw new TeamNotFound();
        }
        List<Long> wanted = teamIds == null ? List.of() : teamIds;
        for (TeamView team : myTeams(userId)) {
            if (!team.role().contributes()) {
                continue;
            }
            if (wanted.contains(team.id())) {
                share(userId, team.id(), generationId);
            } else {
                jdbc.sql("delete from generation_share where generation_id = :g and team_id = :t").param("g", generationId)
                        .param("t", team.id()).update();
            }
        }
    }

    /** Shares the given generations of {@code userId} with one team; returns how many are shared now. */
    @Transactional
    public int shareMany(long userId, long teamId, List<Long> generationIds) {
        TeamView team = myTeams(userId).stream().filter(t -> t.id() == teamId).findFirst().orElseThrow(TeamNotFound::new);
        if (!team.role().contributes()) {
            throw new TeamForbidden();
        }
        int shared = 0;
        for (Long id : generationIds) {
            if (generations.find(userId, id).isPresent()) {
                share(userId, teamId, id);
                shared++;
            }
        }
        return shared;
    }

    /** Stops sharing: the person who shared (or the generation's owner) may, and the team's owners and admins. */
    @Transactional
    public int unshare(long userId, String slug, List<Long> generationIds) {
        TeamView team = team(userId, slug);
        int removed = 0;
        for (Long id : generationIds) {
            removed += jdbc.sql("""
                    delete from generation_share where team_id = :t and generation_id = :g
                      and (:manager = true or shared_by = :u or generation_id in (select id from generation where owner_id = :u))""")
                    .param("t", team.id()).param("g", id).param("manager", team.role().managesMembers()).param("u", userId).update();
        }
        return removed;
    }

    private void share(long userId, long teamId, long generationId) {
        if (!exists("select count(*) from generation_share where team_id = " + teamId + " and generation_id = :s", generationId)) {
            jdbc.sql("insert into generation_share (generation_id, team_id, shared_by, shared_at) values (:g, :t, :u, :at)")
                    .param("g", generationId).param("t", teamId).param("u", userId).param("at", now()).update();
        }
    }

    /** Toggles {@code userId}'s own favourite mark on an item of the team's gallery; returns the new state. */
    @Transactional
    public boolean toggleFavourite(long userId, String slug, long generationId) {
        TeamView team = team(userId, slug);
        if (!inTeamGallery(team.id(), generationId)) {
            throw new TeamNotFound();
        }
        int removed = jdbc.sql("delete from team_favourite where user_id = :u and generation_id = :g").param("u", userId)
                .param("g", generationId).update();
        if (removed > 0) {
            return false;
        }
        jdbc.sql("insert into team_favourite (user_id, generation_id, created_at) values (:u, :g, :at)").param("u", userId)
                .param("g", generationId).param("at", now()).update();
        return true;
    }

    boolean inTeamGallery(long teamId, long generationId) {
        return jdbc.sql("""
                select count(*) from generation g where g.id = :g and (g.team_id = :t
                  or exists (select 1 from generation_share s where s.generation_id = g.id and s.team_id = :t))""")
                .param("g", generationId).param("t", teamId).query(Long.class).single() > 0;
    }

    // ---- team keys ------------------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public List<ApiKeyView> keys(long userId, String slug) {
        TeamView team = require(userId, slug, TeamRole::managesKeys);
        return keys.listForTeam(team.id());
    }

    public Optional<KeyCheckOutcome> storeKey(long userId, String slug, ApiKeyForm form, BindingResult errors) {
        TeamView team = require(userId, slug, TeamRole::managesKeys);
        return keys.saveForTeam(team.id(), userId, form, errors);
    }

    public void deleteKey(long userId, String slug, long keyId) {
        TeamView team = require(userId, slug, TeamRole::managesKeys);
        if (!keys.deleteTeamKey(team.id(), keyId)) {
            throw new TeamNotFound();
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private TeamView require(long userId, String slug, java.util.function.Predicate<TeamRole> allowed) {
        TeamView team = team(userId, slug);
        if (!allowed.test(team.role())) {
            throw new TeamForbidden();
        }
        return team;
    }

    Optional<TeamRole> roleOf(long teamId, long userId) {
        return jdbc.sql("select role from team_member where team_id = :t and user_id = :u").param("t", teamId).param("u", userId)
                .query(String.class).optional().map(TeamRole::valueOf);
    }

    /**
     * Membership changes of one team run one at a time: the last-owner rule counts owners and then changes a row, which
     * two requests at the same moment would otherwise both pass.
     */
    private void lockTeam(long teamId) {
        jdbc.sql("select id from team where id = :t for update").param("t", teamId).query(Long.class).optional();
    }

    private int owners(long teamId) {
        return jdbc.sql("select count(*) from team_member where team_id = :t and role = 'OWNER'").param("t", teamId)
                .query(Integer.class).single();
    }

    private void setRole(long teamId, long userId, TeamRole role) {
        jdbc.sql("update team_member set role = :r where team_id = :t and user_id = :u").param("r", role.name()).param("t", teamId)
                .param("u", userId).update();
    }

    private boolean exists(String sql, Object value) {
        return jdbc.sql(sql).param("s", value).query(Long.class).single() > 0;
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private static String cleanName(String name) {
        String clean = name == null ? "" : name.strip().replaceAll("\\s+", " ");
        if (clean.isEmpty()) {
            throw new TeamRefused("team.name.required");
        }
        if (clean.length() > 80) {
            throw new TeamRefused("team.name.size");
        }
        return clean;
    }

    /** "Design Team Ü" → "design-team-u"; names without Latin letters or digits (e.g. Chinese) → "team". */
    static String slugOf(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "team" : slug;
    }
}
