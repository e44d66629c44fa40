package studio.atelier.team;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.generation.GenerationService;
import studio.atelier.generation.GenerationShares;
import studio.atelier.team.TeamViews.TeamView;

/**
 * Who may share generations with teams (sharing grants access, it never copies), stop sharing them, and mark favourites
 * in a team's gallery; the shares and marks themselves are the generation module's rows.
 */
@Service
public class TeamSharing {

    private final GenerationShares shares;
    private final GenerationService generations;
    private final TeamApi teams;

    TeamSharing(GenerationShares shares, GenerationService generations, TeamApi teams) {
        this.shares = shares;
        this.generations = generations;
        this.teams = teams;
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
                shares.share(generationId, team.id(), userId);
            } else {
                shares.unshare(generationId, team.id());
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
                shares.share(id, teamId, userId);
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
            if (shares.unshare(id, team.id(), userId, team.role().managesMembers())) {
                removed++;
            }
        }
        return removed;
    }

    /** Toggles {@code userId}'s own favourite mark on an item of the team's gallery; returns the new state. */
    @Transactional
    public boolean toggleFavourite(long userId, String slug, long generationId) {
        TeamView team = teams.team(userId, slug);
        if (!shares.teamsSeeing(generationId).contains(team.id())) {
            throw new TeamNotFound();
        }
        return shares.toggleMark(userId, generationId);
    }
}
