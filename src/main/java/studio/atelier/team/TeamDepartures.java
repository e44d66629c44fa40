package studio.atelier.team;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who was removed from which team. Only a person who really was a member, and was removed, is told "you are no
 * longer a member" on the team's pages; anyone else keeps getting the plain 404, which says nothing about whether
 * the team exists.
 */
@Component
class TeamDepartures {

    private final JdbcClient jdbc;
    private final Clock clock;

    TeamDepartures(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void recordRemoval(long teamId, long userId) {
        forget(teamId, userId); // removed again after rejoining: one row, the latest time
        jdbc.sql("insert into team_departure (team_id, user_id, removed_at) values (:t, :u, :at)").param("t", teamId)
                .param("u", userId).param("at", Timestamp.from(clock.instant())).update();
    }

    /** Rejoined: a member again, nothing to tell them. */
    void forget(long teamId, long userId) {
        jdbc.sql("delete from team_departure where team_id = :t and user_id = :u").param("t", teamId).param("u", userId).update();
    }

    /** True when {@code userId} was removed from the team after {@code since}: an invitation made before then no longer admits them. */
    boolean removedAfter(long teamId, long userId, java.time.Instant since) {
        return jdbc.sql("select count(*) from team_departure where team_id = :t and user_id = :u and removed_at > :since")
                .param("t", teamId).param("u", userId).param("since", Timestamp.from(since)).query(Long.class).single() > 0;
    }

    /** The name of the team with this slug, when {@code userId} was removed from it (and has not rejoined since). */
    Optional<String> removedFrom(long userId, String slug) {
        return jdbc.sql("""
                select t.name from team t join team_departure d on d.team_id = t.id
                where t.slug = :s and d.user_id = :u""")
                .param("s", slug).param("u", userId).query(String.class).optional();
    }
}
