package studio.atelier.team;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** A member asked for something their role does not allow (403: they can see the team, not do this). */
@ResponseStatus(HttpStatus.FORBIDDEN)
public class TeamForbidden extends RuntimeException {

    public TeamForbidden() {
        super("forbidden", null, false, false);
    }
}
