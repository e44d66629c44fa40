package studio.atelier.team;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.account.AccountApi;
import studio.atelier.team.TeamViews.MemberView;
import studio.atelier.team.TeamViews.TeamView;

/**
 * Who is in a team and with which role: roles changed, ownership handed over, members removed, people leaving. Changes
 * of one team run one at a time (the team row is locked), so the last-owner rule holds under concurrency.
 */
@Service
public class TeamMembers {

    private final JdbcClient jdbc;
    private final TeamApi teams;
    private final TeamDepartures departures;
    private final AccountApi accounts;

    TeamMembers(JdbcClient jdbc, TeamApi teams, TeamDepartures departures, AccountApi accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.teams = teams;
        this.departures = departures;
    }

    @Transactional(readOnly = true)
    public List<MemberView> members(long userId, String slug) {
        TeamView team = teams.team(userId, slug);
        record Member(long userId, TeamRole role, Instant joinedAt) {
        }
        List<Member> rows = jdbc.sql("select user_id, role, joined_at from team_member where team_id = :t").param("t", team.id())
                .query((rs, n) -> new Member(rs.getLong(1), TeamRole.valueOf(rs.getString(2)), rs.getTimestamp(3).toInstant())).list();
        Map<Long, String> names = accounts.usernames(rows.stream().map(Member::userId).toList());
        return rows.stream().map(m -> new MemberView(m.userId(), names.get(m.userId()), m.role(), m.joinedAt()))
                // owners first, then admins, members, viewers; by name within each
                .sorted(Comparator.comparing((MemberView m) -> m.role().ordinal())
                        .thenComparing(m -> m.username().toLowerCase(Locale.ROOT)))
                .toList();
    }

    @Transactional
    public void changeRole(long userId, String slug, long memberId, String newRole) {
        TeamView team = teams.require(userId, slug, TeamRole::managesMembers);
        teams.lockTeam(team.id());
        TeamRole target = teams.roleOf(team.id(), memberId).orElseThrow(TeamNotFound::new);
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
        TeamView team = teams.require(userId, slug, TeamRole::managesSettings);
        if (memberId == userId) {
            return;
        }
        teams.lockTeam(team.id());
        teams.roleOf(team.id(), memberId).orElseThrow(TeamNotFound::new);
        setRole(team.id(), memberId, TeamRole.OWNER);
        setRole(team.id(), userId, TeamRole.ADMIN);
    }

    @Transactional
    public void removeMember(long userId, String slug, long memberId) {
        if (memberId == userId) {
            leave(userId, slug);
            return;
        }
        TeamView team = teams.require(userId, slug, TeamRole::managesMembers);
        teams.lockTeam(team.id());
        TeamRole target = teams.roleOf(team.id(), memberId).orElseThrow(TeamNotFound::new);
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
        TeamView team = teams.team(userId, slug);
        teams.lockTeam(team.id());
        // read again under the lock: another owner may have left or been demoted meanwhile
        TeamRole mine = teams.roleOf(team.id(), userId).orElseThrow(TeamNotFound::new);
        if (mine == TeamRole.OWNER && owners(team.id()) <= 1) {
            throw new TeamRefused("team.lastOwner");
        }
        jdbc.sql("delete from team_member where team_id = :t and user_id = :u").param("t", team.id()).param("u", userId).update();
    }

    private int owners(long teamId) {
        return jdbc.sql("select count(*) from team_member where team_id = :t and role = 'OWNER'").param("t", teamId)
                .query(Integer.class).single();
    }

    private void setRole(long teamId, long userId, TeamRole role) {
        jdbc.sql("update team_member set role = :r where team_id = :t and user_id = :u").param("r", role.name()).param("t", teamId)
                .param("u", userId).update();
    }
}
