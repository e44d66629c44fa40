package studio.atelier.team;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** No such team, or not one the person belongs to: pages answer 404 either way. */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class TeamNotFound extends RuntimeException {

    public TeamNotFound() {
        super("not found", null, false, false);
    }
}
