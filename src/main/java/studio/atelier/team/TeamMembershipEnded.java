package studio.atelier.team;

/**
 * The person was removed from this team: its pages tell them so (403) instead of the 404 that people who never
 * belonged get. Carries the team's name, which they already knew.
 */
public class TeamMembershipEnded extends RuntimeException {

    private final String teamName;

    TeamMembershipEnded(String teamName) {
        super("no longer a member", null, false, false);
        this.teamName = teamName;
    }

    public String teamName() {
        return teamName;
    }
}
