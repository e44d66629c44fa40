package studio.atelier.team;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.account.AccountApi;
import studio.atelier.account.AccountSummary;
import studio.atelier.generation.GalleryFilter;
import studio.atelier.generation.GalleryPage;
import studio.atelier.generation.GalleryQuery;
import studio.atelier.generation.GenerationService;
import studio.atelier.team.TeamViews.TeamView;

/** Generations shared with teams (sharing grants access, it never copies), the team gallery and members' own favourites in it. */
@Service
public class TeamSharing {

    private final JdbcClient jdbc;
    private final AccountApi accounts;
    private final GalleryQuery gallery;
    private final GenerationService generations;
    private final TeamApi teams;
    private final Clock clock;

    TeamSharing(JdbcClient jdbc, AccountApi accounts, GalleryQuery gallery, GenerationService generations, TeamApi teams, Clock clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.gallery = gallery;
        this.generations = generations;
        this.teams = teams;
        this.clock = clock;
    }

    /** The team's gallery as {@code userId} sees it, with who made each item. */
    @Transactional(readOnly = true)
    public GalleryPage gallery(long userId, String slug, GalleryFilter filter, String cursor) {
        TeamView team = teams.team(userId, slug);
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
        for (TeamView team : teams.myTeams(userId)) {
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
        TeamView team = teams.myTeams(userId).stream().filter(t -> t.id() == teamId).findFirst().orElseThrow(TeamNotFound::new);
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
        TeamView team = teams.team(userId, slug);
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
        if (!teams.exists("select count(*) from generation_share where team_id = " + teamId + " and generation_id = :s", generationId)) {
            jdbc.sql("insert into generation_share (generation_id, team_id, shared_by, shared_at) values (:g, :t, :u, :at)")
                    .param("g", generationId).param("t", teamId).param("u", userId).param("at", now()).update();
        }
    }

    /** Toggles {@code userId}'s own favourite mark on an item of the team's gallery; returns the new state. */
    @Transactional
    public boolean toggleFavourite(long userId, String slug, long generationId) {
        TeamView team = teams.team(userId, slug);
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

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }
}
