package studio.atelier.team.web;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.team.TeamInvitations;

/**
 * Invitation links. Opening one signed out goes through sign-in (or registration, which signs in) and back here:
 * Spring Security saves the GET request, and both the login form and registration return to it.
 */
@Controller
class InvitationController {

    private final TeamInvitations invitations;

    InvitationController(TeamInvitations invitations) {
        this.invitations = invitations;
    }

    @GetMapping("/invitations/{token}")
    String show(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String token, Model model) {
        model.addAttribute("invitation", invitations.preview(me.id(), token));
        model.addAttribute("token", token);
        return "team/invitation";
    }

    @PostMapping("/invitations/{token}/accept")
    String accept(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String token, RedirectAttributes redirect) {
        String slug = invitations.accept(me.id(), token);
        redirect.addFlashAttribute("flashSuccess", "invitation.accepted");
        return "redirect:/teams/" + slug;
    }

    @PostMapping("/invitations/{token}/decline")
    String decline(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String token, RedirectAttributes redirect) {
        invitations.decline(me.id(), token);
        redirect.addFlashAttribute("flashSuccess", "invitation.declined");
        return "redirect:/teams";
    }

    @PostMapping("/invitations/pending/{id}/accept")
    String acceptPending(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable long id, RedirectAttributes redirect) {
        String slug = invitations.acceptById(me.id(), id);
        redirect.addFlashAttribute("flashSuccess", "invitation.accepted");
        return "redirect:/teams/" + slug;
    }

    @PostMapping("/invitations/pending/{id}/decline")
    String declinePending(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable long id, RedirectAttributes redirect) {
        invitations.declineById(me.id(), id);
        redirect.addFlashAttribute("flashSuccess", "invitation.declined");
        return "redirect:/teams";
    }
}
