package studio.atelier.generation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The generations that are queued or running: what quotas and team budgets count as reserved. A bean of its own so
 * that the submission guards can read it while the service that runs them depends on the guards.
 */
@Component
public class InFlightGenerations {

    private static final String SELECT = "select id, provider_id, model, images_requested, team_id from generation where ";
    private static final String UNFINISHED = " and status in ('QUEUED','RUNNING')";

    private final JdbcClient jdbc;

    InFlightGenerations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** This person's queued and running generations, personal and as a team. */
    @Transactional(readOnly = true)
    public List<InFlightGeneration> ofOwner(long ownerId) {
        return jdbc.sql(SELECT + "owner_id = :o" + UNFINISHED).param("o", ownerId).query((rs, n) -> row(rs)).list();
    }

    /** Queued and running generations made as this team, by any member. */
    @Transactional(readOnly = true)
    public List<InFlightGeneration> ofTeam(long teamId) {
        return jdbc.sql(SELECT + "team_id = :t" + UNFINISHED).param("t", teamId).query((rs, n) -> row(rs)).list();
    }

    private static InFlightGeneration row(ResultSet rs) throws SQLException {
        return new InFlightGeneration(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getObject(5, Long.class));
    }
}
