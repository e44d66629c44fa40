package studio.atelier.team.web;

import java.util.List;
import java.util.Optional;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import studio.atelier.keys.ApiKeyForm;
import studio.atelier.keys.KeyCheckOutcome;
import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.team.TeamApi;
import studio.atelier.team.TeamInvitations;
import studio.atelier.team.TeamMembers;
import studio.atelier.team.TeamRole;
import studio.atelier.team.TeamViews.MemberView;
import studio.atelier.team.TeamViews.TeamView;
import studio.atelier.gateway.ProviderCatalog;

/** The teams list, a team's page (members, invitations, keys, settings) and its actions. */
@Controller
class TeamController {

    private final TeamApi teams;
    private final TeamMembers members;
    private final TeamInvitations invitations;
    private final ProviderCatalog providers;

    TeamController(TeamApi teams, TeamMembers members, TeamInvitations invitations, ProviderCatalog providers) {
        this.teams = teams;
        this.members = members;
        this.invitations = invitations;
        this.providers = providers;
    }

    @GetMapping("/teams")
    String list(@AuthenticationPrincipal AtelierPrincipal me, Model model) {
        model.addAttribute("teams", teams.myTeams(me.id()));
        model.addAttribute("pending", invitations.pendingFor(me.id()));
        return "team/teams";
    }

    @PostMapping("/teams")
    String create(@AuthenticationPrincipal AtelierPrincipal me, @RequestParam(required = false) String name,
            RedirectAttributes redirect) {
        String slug = teams.create(me.id(), name);
        redirect.addFlashAttribute("flashSuccess", "team.created");
        return "redirect:/teams/" + slug;
    }

    @GetMapping("/teams/{slug}")
    String team(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String slug, Model model) {
        TeamView team = teams.team(me.id(), slug);
        List<MemberView> people = members.members(me.id(), slug);
        model.addAttribute("team", team);
        model.addAttribute("members", people);
        // the only owner cannot leave (someone must own the team): no Leave button, a sentence saying why instead
        model.addAttribute("soleOwner", team.role() == TeamRole.OWNER
                && people.stream().filter(m -> m.role() == TeamRole.OWNER).count() == 1);
        model.addAttribute("roles", TeamRole.values());
        model.addAttribute("me", me.id());
        if (team.role().managesMembers()) {
            model.addAttribute("invitations", invitations.invitations(me.id(), slug));
        }
        if (team.role().managesKeys()) {
            model.addAttribute("teamKeys", teams.keys(me.id(), slug));
            model.addAttribute("providers", providers.enabled());
            if (!model.containsAttribute("keyForm")) {
                model.addAttribute("keyForm", ApiKeyForm.empty(null));
            }
        }
        return "team/team";
    }

    @PostMapping("/teams/{slug}/rename")
    String rename(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String slug, @RequestParam(required = false) String name,
            RedirectAttributes redirect) {
        teams.rename(me.id(), slug, name);
        redirect.addFlashAttribute("flashSuccess", "team.renamed");
        return "redirect:/teams/" + slug;
    }

    @PostMapping("/teams/{slug}/delete")
    String delete(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String slug,
            @RequestParam(required = false) String confirm, RedirectAttributes redirect) {
        teams.delete(me.id(), slug, confirm);
        redirect.addFlashAttribute("flashSuccess", "team.deleted");
        return "redirect:/teams";
    }

    @PostMapping("/teams/{slug}/members/{userId}/role")
    String role(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String slug, @PathVariable long userId,
            @RequestParam(required = false) String role, RedirectAttributes redirect) {
        members.changeRole(me.id(), slug, userId, role);
        redirect.addFlashAttribute("flashSuccess", "team.role.changed");
        return "redirect:/teams/" + slug;
    }

    @PostMapping("/teams/{slug}/members/{userId}/remove")
    String remove(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String slug, @PathVariable long userId,
            RedirectAttributes redirect) {
        members.removeMember(me.id(), slug, userId);
        redirect.addFlashAttribute("flashSuccess", userId == me.id() ? "team.left" : "team.member.removed");
        return userId == me.id() ? "redirect:/teams" : "redirect:/teams/" + slug;
    }

    @PostMapping("/teams/{slug}/transfer")
    String transfer(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String slug, @RequestParam long userId,
            RedirectAttributes redirect) {
        members.transferOwnership(me.id(), slug, userId);
        redirect.addFlashAttribute("flashSuccess", "team.transferred");
        return "redirect:/teams/" + slug;
    }

    @PostMapping("/teams/{slug}/leave")
    String leave(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String slug, RedirectAttributes redirect) {
        members.leave(me.id(), slug);
        redirect.addFlashAttribute("flashSuccess", "team.left");
        return "redirect:/teams";
    }

    @PostMapping("/teams/{slug}/invitations")
    String invite(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String slug,
            @RequestParam(required = false) String username, @RequestParam(required = false) String role,
            @RequestParam(required = false) Integer days, @RequestParam(required = false) Integer maxUses,
            RedirectAttributes redirect) {
        String token = invitations.invite(me.id(), slug, username, role, days, maxUses);
        redirect.addFlashAttribute("flashSuccess", username == null || username.isBlank() ? "team.invite.linkCreated" : "team.invite.sent");
        redirect.addFlashAttribute("inviteLink", ServletUriComponentsBuilder.fromCurrentContextPath().path("/invitations/{t}")
                .buildAndExpand(token).toUriString());
        return "redirect:/teams/" + slug;
    }

    @PostMapping("/teams/{slug}/invitations/{id}/revoke")
    String revoke(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String slug, @PathVariable long id,
            RedirectAttributes redirect) {
        invitations.revoke(me.id(), slug, id);
        redirect.addFlashAttribute("flashSuccess", "team.invite.revoked");
        return "redirect:/teams/" + slug;
    }

    @PostMapping("/teams/{slug}/keys")
    String storeKey(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String slug,
            @Validated @ModelAttribute("keyForm") ApiKeyForm form, BindingResult errors, Model model, RedirectAttributes redirect) {
        Optional<KeyCheckOutcome> outcome = teams.storeKey(me.id(), slug, form, errors);
        if (outcome.isEmpty()) {
            return team(me, slug, model);
        }
        redirect.addFlashAttribute(outcome.get().ok() ? "flashSuccess" : "flashWarning",
                outcome.get().ok() ? "team.key.saved" : "team.key.savedUnchecked");
        return "redirect:/teams/" + slug;
    }

    @PostMapping("/teams/{slug}/keys/{id}/delete")
    String deleteKey(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String slug, @PathVariable long id,
            RedirectAttributes redirect) {
        teams.deleteKey(me.id(), slug, id);
        redirect.addFlashAttribute("flashSuccess", "team.key.deleted");
        return "redirect:/teams/" + slug;
    }

    static List<Long> ids(List<Long> ids) {
        return ids == null ? List.of() : ids.stream().filter(java.util.Objects::nonNull).toList();
    }
}
