package studio.atelier.team.web;

import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

import studio.atelier.team.TeamMembershipEnded;

/**
 * A removed member opening one of the team's URLs (the team pages here, its usage page in the usage module, hence no
 * package restriction) is told that they are no longer a member, rather than shown a bare "Not found".
 */
@ControllerAdvice
class TeamMembershipEndedPage {

    @ExceptionHandler(TeamMembershipEnded.class)
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String membershipEnded(TeamMembershipEnded ended, Model model) {
        model.addAttribute("teamName", ended.teamName());
        return "team/membership-ended";
    }
}
