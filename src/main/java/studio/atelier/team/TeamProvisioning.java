package studio.atelier.team;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Memberships an identity provider's groups decide, set at each sign-in without an acting member: teams by slug,
 * created when missing, and the last-owner rule kept as for people (a team is never left without an owner).
 */
@Service
public class TeamProvisioning {

    private final JdbcClient jdbc;
    private final TeamApi teams;
    private final TeamDepartures departures;
    private final Clock clock;

    TeamProvisioning(JdbcClient jdbc, TeamApi teams, TeamDepartures departures, Clock clock) {
        this.jdbc = jdbc;
        this.teams = teams;
        this.departures = departures;
        this.clock = clock;
    }

    public static Optional<TeamRole> role(String text) {
        return Optional.ofNullable(TeamRole.parse(text));
    }

    @Transactional(readOnly = true)
    public Optional<TeamRole> roleOf(String slug, long userId) {
        return teamId(slug).flatMap(t -> teams.roleOf(t, userId));
    }

    /** @return true when the team was created, owned by {@code ownerId} and named after its slug */
    @Transactional
    public boolean createIfMissing(String slug, long ownerId) {
        if (teamId(slug).isPresent()) {
            return false;
        }
        teams.insert(ownerId, slug, slug);
        return true;
    }

    /** Adds the person with this role, or changes their role; a last owner keeps ownership. */
    @Transactional
    public void put(String slug, long userId, TeamRole role) {
        long teamId = teamId(slug).orElseThrow(TeamNotFound::new);
        teams.lockTeam(teamId);
        Optional<TeamRole> current = teams.roleOf(teamId, userId);
        if (current.isEmpty()) {
            departures.forget(teamId, userId);
            jdbc.sql("insert into team_member (team_id, user_id, role, joined_at) values (:t, :u, :r, :at)").param("t", teamId)
                    .param("u", userId).param("r", role.name()).param("at", Timestamp.from(clock.instant())).update();
        } else if (current.get() != role && !lastOwner(teamId, current.get())) {
            jdbc.sql("update team_member set role = :r where team_id = :t and user_id = :u").param("r", role.name())
                    .param("t", teamId).param("u", userId).update();
        }
    }

    /** @return false when the person is not in the team, or is its last owner and stays */
    @Transactional
    public boolean remove(String slug, long userId) {
        Optional<Long> teamId = teamId(slug);
        if (teamId.isEmpty()) {
            return false;
        }
        teams.lockTeam(teamId.get());
        Optional<TeamRole> current = teams.roleOf(teamId.get(), userId);
        if (current.isEmpty() || lastOwner(teamId.get(), current.get())) {
            return false;
        }
        jdbc.sql("delete from team_member where team_id = :t and user_id = :u").param("t", teamId.get()).param("u", userId).update();
        departures.recordRemoval(teamId.get(), userId);
        return true;
    }

    private boolean lastOwner(long teamId, TeamRole role) {
        return role == TeamRole.OWNER && jdbc.sql("select count(*) from team_member where team_id = :t and role = 'OWNER'")
                .param("t", teamId).query(Long.class).single() <= 1;
    }

    private Optional<Long> teamId(String slug) {
        return jdbc.sql("select id from team where slug = :s").param("s", slug).query(Long.class).optional();
    }
}
