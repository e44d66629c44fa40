package studio.atelier.team;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.keys.ApiKeyService;
import studio.atelier.generation.SharedAccess;

/** Tells the generation module what team membership allows: seeing shared items, generating as a team. */
@Component
class TeamSharedAccess implements SharedAccess {

    private final JdbcClient jdbc;
    private final ApiKeyService keys;

    TeamSharedAccess(JdbcClient jdbc, ApiKeyService keys) {
        this.jdbc = jdbc;
        this.keys = keys;
    }

    @Override
    @Transactional(readOnly = true)
    public boolean canView(long viewerId, long generationId) {
        return jdbc.sql("""
                select count(*) from team_member m where m.user_id = :v and (
                  m.team_id in (select s.team_id from generation_share s where s.generation_id = :g)
                  or m.team_id in (select g.team_id from generation g where g.id = :g and g.team_id is not null))""")
                .param("v", viewerId).param("g", generationId).query(Long.class).single() > 0;
    }

    @Override
    @Transactional(readOnly = true)
    public boolean mayGenerateAs(long userId, long teamId, String providerId) {
        boolean contributes = jdbc.sql("select role from team_member where team_id = :t and user_id = :u").param("t", teamId)
                .param("u", userId).query(String.class).optional().map(TeamRole::valueOf).filter(TeamRole::contributes).isPresent();
        return contributes && keys.teamHasKey(teamId, providerId);
    }

    @Override
    @Transactional(readOnly = true)
    public List<TeamChoice> teamsToGenerateAs(long userId, String providerId) {
        return contributingTeams(userId).stream().filter(t -> keys.teamHasKey(t.id(), providerId)).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public List<TeamChoice> shareTargets(long userId, long generationId) {
        return jdbc.sql("""
                select t.id, t.name, (select count(*) from generation_share s where s.team_id = t.id and s.generation_id = :g)
                from team t join team_member m on m.team_id = t.id
                where m.user_id = :u and m.role <> 'VIEWER' order by lower(t.name), t.id""")
                .param("u", userId).param("g", generationId)
                .query((rs, n) -> new TeamChoice(rs.getLong(1), rs.getString(2), rs.getLong(3) > 0)).list();
    }

    @Override
    @Transactional(readOnly = true)
    public List<TeamChoice> shareTargets(long userId) {
        return contributingTeams(userId);
    }

    private List<TeamChoice> contributingTeams(long userId) {
        return jdbc.sql("""
                select t.id, t.name from team t join team_member m on m.team_id = t.id
                where m.user_id = :u and m.role <> 'VIEWER' order by lower(t.name), t.id""")
                .param("u", userId).query((rs, n) -> new TeamChoice(rs.getLong(1), rs.getString(2), false)).list();
    }
}
