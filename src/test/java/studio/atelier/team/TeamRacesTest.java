package studio.atelier.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import studio.atelier.support.Accounts;
import studio.atelier.support.GatewayTest;

/**
 * The team rules under concurrency, on PostgreSQL: requests that arrive at the same moment (released together by a
 * barrier, many times over) cannot leave a team without an owner, and cannot use up an invitation without a membership.
 */
@GatewayTest
class TeamRacesTest {

    private static final int TRIALS = 12;

    @Autowired
    TeamApi teams;
    @Autowired
    TeamMembers members;
    @Autowired
    TeamInvitations invitations;
    @Autowired
    JdbcClient jdbc;

    private final ExecutorService pool = Executors.newFixedThreadPool(6);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    long user(String prefix) {
        String name = Accounts.uniqueName(prefix);
        jdbc.sql("insert into app_user (username, username_key, password_hash, role, created_at) values (?, ?, 'x', 'USER', ?)")
                .params(name, name.toLowerCase(Locale.ROOT), Timestamp.from(Instant.now())).update();
        return jdbc.sql("select id from app_user where username_key = ?").param(name.toLowerCase(Locale.ROOT)).query(Long.class).single();
    }

    long teamId(String slug) {
        return jdbc.sql("select id from team where slug = ?").param(slug).query(Long.class).single();
    }

    int owners(String slug) {
        return jdbc.sql("select count(*) from team_member where team_id = ? and role = 'OWNER'").param(teamId(slug))
                .query(Integer.class).single();
    }

    /** Runs each action on its own thread, all released at the same instant; returns how many were refused. */
    int together(List<Runnable> actions) throws Exception {
        CyclicBarrier start = new CyclicBarrier(actions.size());
        List<Future<Boolean>> done = new ArrayList<>();
        for (Runnable action : actions) {
            done.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                try {
                    action.run();
                    return true;
                } catch (TeamRefused | TeamForbidden | TeamNotFound | TeamMembershipEnded refused) {
                    // refused by the rules, or no longer allowed because the other request went first
                    return false;
                }
            }));
        }
        int refused = 0;
        for (Future<Boolean> f : done) {
            refused += f.get(30, TimeUnit.SECONDS) ? 0 : 1;
        }
        return refused;
    }

    /** Two owners, each doing something that would be fine alone and leaves no owner if both succeed. */
    void twoOwnersAtOnce(BiConsumer<long[], String> first, BiConsumer<long[], String> second) throws Exception {
        for (int trial = 0; trial < TRIALS; trial++) {
            long a = user("own-a");
            long b = user("own-b");
            String slug = teams.create(a, "Race " + trial);
            jdbc.sql("insert into team_member (team_id, user_id, role, joined_at) values (?, ?, 'OWNER', ?)")
                    .params(teamId(slug), b, Timestamp.from(Instant.now())).update();
            long[] ab = {a, b};
            int refused = together(List.of(() -> first.accept(ab, slug), () -> second.accept(ab, slug)));
            assertThat(owners(slug)).as("trial %d: the team keeps an owner", trial).isEqualTo(1);
            assertThat(refused).as("trial %d: exactly one of the two is refused", trial).isEqualTo(1);
        }
    }

    @Test
    void twoOwnersLeavingAtOnceLeaveOneOwner() throws Exception {
        twoOwnersAtOnce((ab, slug) -> members.leave(ab[0], slug), (ab, slug) -> members.leave(ab[1], slug));
    }

    @Test
    void twoOwnersDemotingEachOtherAtOnceLeaveOneOwner() throws Exception {
        twoOwnersAtOnce((ab, slug) -> members.changeRole(ab[0], slug, ab[1], "ADMIN"),
                (ab, slug) -> members.changeRole(ab[1], slug, ab[0], "ADMIN"));
    }

    @Test
    void twoOwnersRemovingEachOtherAtOnceLeaveOneOwner() throws Exception {
        twoOwnersAtOnce((ab, slug) -> members.removeMember(ab[0], slug, ab[1]), (ab, slug) -> members.removeMember(ab[1], slug, ab[0]));
    }

    @Test
    void parallelAcceptsByOnePersonUseTheLinkOnce() throws Exception {
        for (int trial = 0; trial < TRIALS; trial++) {
            long owner = user("inv-owner");
            long joiner = user("inv-joiner");
            String slug = teams.create(owner, "Accepts " + trial);
            String token = invitations.invite(owner, slug, null, "MEMBER", 7, 3);
            List<Runnable> six = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                six.add(() -> invitations.accept(joiner, token));
            }
            assertThat(together(six)).as("trial %d: a second accept is no error", trial).isZero();
            assertThat(jdbc.sql("select uses from invitation where team_id = ?").param(teamId(slug)).query(Integer.class).single())
                    .as("trial %d: one membership, one use", trial).isEqualTo(1);
            assertThat(jdbc.sql("select count(*) from team_member where team_id = ? and user_id = ?").params(teamId(slug), joiner)
                    .query(Integer.class).single()).isEqualTo(1);
        }
    }

    @Test
    void aRemovedMemberCannotRejoinThroughALinkMadeBeforeTheRemovalButANewInvitationWorks() {
        long owner = user("rm-owner");
        long member = user("rm-member");
        String slug = teams.create(owner, "Final removal");
        String oldLink = invitations.invite(owner, slug, null, "MEMBER", 7, 5);
        invitations.accept(member, oldLink);
        members.removeMember(owner, slug, member);

        assertThatThrownBy(() -> invitations.accept(member, oldLink)).isInstanceOfSatisfying(TeamRefused.class,
                refused -> assertThat(refused.getMessage()).isEqualTo("invitation.removedSince"));
        assertThat(jdbc.sql("select count(*) from team_member where team_id = ? and user_id = ?").params(teamId(slug), member)
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("select uses from invitation where team_id = ?").param(teamId(slug)).query(Integer.class).single())
                .as("the refused attempt used nothing up").isEqualTo(1);

        // someone invites them again: that works, and the old link is again as good as for anyone else
        String newLink = invitations.invite(owner, slug, null, "MEMBER", 7, 1);
        assertThat(invitations.accept(member, newLink)).isEqualTo(slug);
        assertThat(teams.team(member, slug).role()).isEqualTo(TeamRole.MEMBER);
    }
}
