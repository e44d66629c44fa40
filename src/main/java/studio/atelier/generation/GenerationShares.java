package studio.atelier.generation;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which teams may see a generation besides its owner (sharing grants access, it never copies), and team members' own
 * favourite marks on what they see there: the rows of {@code generation_share} and {@code team_favourite}. The team
 * module decides who may share, unshare and mark; this module keeps the rows, because its galleries and its access
 * checks read them together with the generations.
 */
@Service
public class GenerationShares {

    private final JdbcClient jdbc;
    private final Clock clock;

    GenerationShares(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Shares the generation with the team, unless it already is. */
    @Transactional
    public void share(long generationId, long teamId, long sharedBy) {
        if (!sharedWith(generationId).contains(teamId)) {
            jdbc.sql("insert into generation_share (generation_id, team_id, shared_by, shared_at) values (:g, :t, :u, :at)")
                    .param("g", generationId).param("t", teamId).param("u", sharedBy).param("at", now()).update();
        }
    }

    @Transactional
    public void unshare(long generationId, long teamId) {
        jdbc.sql("delete from generation_share where generation_id = :g and team_id = :t").param("g", generationId).param("t", teamId)
                .update();
    }

    /**
     * Stops sharing the generation with the team when {@code anyone} may, or {@code userId} shared it or owns it; says
     * whether a share was removed.
     */
    @Transactional
    public boolean unshare(long generationId, long teamId, long userId, boolean anyone) {
        return jdbc.sql("""
                delete from generation_share where team_id = :t and generation_id = :g
                  and (:anyone = true or shared_by = :u or generation_id in (select id from generation where owner_id = :u))""")
                .param("t", teamId).param("g", generationId).param("anyone", anyone).param("u", userId).update() > 0;
    }

    /** The teams the generation is shared with. */
    @Transactional(readOnly = true)
    public Set<Long> sharedWith(long generationId) {
        return new HashSet<>(jdbc.sql("select team_id from generation_share where generation_id = :g").param("g", generationId)
                .query(Long.class).list());
    }

    /** The teams whose gallery shows the generation: those it is shared with and the team it was made as. */
    @Transactional(readOnly = true)
    public Set<Long> teamsSeeing(long generationId) {
        return new HashSet<>(jdbc.sql("""
                select s.team_id from generation_share s where s.generation_id = :g
                union select g.team_id from generation g where g.id = :g and g.team_id is not null""")
                .param("g", generationId).query(Long.class).list());
    }

    /** Toggles {@code userId}'s own favourite mark on a generation a team shows them; returns the new state. */
    @Transactional
    public boolean toggleMark(long userId, long generationId) {
        int removed = jdbc.sql("delete from team_favourite where user_id = :u and generation_id = :g").param("u", userId)
                .param("g", generationId).update();
        if (removed > 0) {
            return false;
        }
        jdbc.sql("insert into team_favourite (user_id, generation_id, created_at) values (:u, :g, :at)").param("u", userId)
                .param("g", generationId).param("at", now()).update();
        return true;
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }
}
