package studio.atelier.team.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.support.RequestContextUtils;

import studio.atelier.team.TeamRefused;

/**
 * Refusals come back as a message on the page they came from. (Non-members get 404, never a hint the team exists, and
 * members without the right role 403: the exceptions say so themselves, wherever the team page lives.)
 */
@ControllerAdvice(basePackageClasses = TeamErrors.class)
class TeamErrors {

    private static final Pattern TEAM_PAGE = Pattern.compile("^/teams/([a-z0-9-]+)(/gallery)?");
    private static final Pattern INVITATION = Pattern.compile("^/invitations/([A-Za-z0-9_-]+)/");

    @ExceptionHandler(TeamRefused.class)
    String refused(TeamRefused refused, HttpServletRequest request) {
        RequestContextUtils.getOutputFlashMap(request).put("flashError", refused.messageCode());
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Matcher team = TEAM_PAGE.matcher(path);
        if (team.find()) {
            return "redirect:/teams/" + team.group(1) + (team.group(2) == null ? "" : team.group(2));
        }
        Matcher invitation = INVITATION.matcher(path);
        if (invitation.find()) {
            return "redirect:/invitations/" + invitation.group(1);
        }
        return "redirect:/teams";
    }
}
