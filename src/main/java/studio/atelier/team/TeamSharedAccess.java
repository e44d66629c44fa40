package studio.atelier.team;

import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.keys.ApiKeyService;
import studio.atelier.generation.GenerationShares;
import studio.atelier.generation.SharedAccess;

/** Tells the generation module what team membership allows: seeing shared items, generating as a team. */
@Component
class TeamSharedAccess implements SharedAccess {

    private final JdbcClient jdbc;
    private final ApiKeyService keys;
    private final GenerationShares shares;

    TeamSharedAccess(JdbcClient jdbc, ApiKeyService keys, GenerationShares shares) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.shares = shares;
    }

    @Override
    @Transactional(readOnly = true)
    public boolean canView(long viewerId, long generationId) {
        Set<Long> seeing = shares.teamsSeeing(generationId);
        return !seeing.isEmpty() && jdbc.sql("select count(*) from team_member where user_id = :v and team_id in (:t)")
                .param("v", viewerId).param("t", seeing).query(Long.class).single() > 0;
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
        Set<Long> sharedWith = shares.sharedWith(generationId);
        return contributingTeams(userId).stream().map(t -> new TeamChoice(t.id(), t.name(), sharedWith.contains(t.id()))).toList();
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
