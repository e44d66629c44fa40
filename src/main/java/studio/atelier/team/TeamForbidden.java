package studio.atelier.team;

/** A member asked for something their role does not allow (403: they can see the team, not do this). */
public class TeamForbidden extends RuntimeException {

    public TeamForbidden() {
        super("forbidden", null, false, false);
    }
}
