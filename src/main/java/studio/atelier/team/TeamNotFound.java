package studio.atelier.team;

/** No such team, or not one the person belongs to: pages answer 404 either way. */
public class TeamNotFound extends RuntimeException {

    public TeamNotFound() {
        super("not found", null, false, false);
    }
}
