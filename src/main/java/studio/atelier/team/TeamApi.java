package studio.atelier.team;

import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.BindingResult;

import studio.atelier.keys.ApiKeyForm;
import studio.atelier.keys.ApiKeyService;
import studio.atelier.keys.ApiKeyView;
import studio.atelier.keys.KeyCheckOutcome;
import studio.atelier.team.TeamViews.TeamView;

/**
 * Teams and their keys, and the access checks every team operation starts with ({@link TeamMembers},
 * {@link TeamInvitations}, {@link TeamSharing}). Every method takes the acting person's id and checks their
 * role itself: a person who is not a member gets {@link TeamNotFound} (404), a member whose role does not allow the
 * action {@link TeamForbidden} (403). Membership is read from the database on every call, so a removed member loses
 * access at their next request.
 */
@Service
public class TeamApi {


    private final JdbcClient jdbc;
    private final ApiKeyService keys;
    private final TeamDepartures departures;
    private final Clock clock;

    TeamApi(JdbcClient jdbc, ApiKeyService keys, TeamDepartures departures, Clock clock) {
        this.jdbc = jdbc;
        this.keys = keys;
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
        insert(userId, clean, slug);
        return slug;
    }

    /** A new team under exactly this slug, with {@code userId} as its owner. */
    void insert(long userId, String name, String slug) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("insert into team (name, slug, created_at) values (:n, :s, :at)").param("n", name).param("s", slug)
                .param("at", now()).update(key, "id");
        long teamId = key.getKeyAs(Number.class).longValue();
        jdbc.sql("insert into team_member (team_id, user_id, role, joined_at) values (:t, :u, 'OWNER', :at)")
                .param("t", teamId).param("u", userId).param("at", now()).update();
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

    TeamView require(long userId, String slug, java.util.function.Predicate<TeamRole> allowed) {
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
    void lockTeam(long teamId) {
        jdbc.sql("select id from team where id = :t for update").param("t", teamId).query(Long.class).optional();
    }




    boolean exists(String sql, Object value) {
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
