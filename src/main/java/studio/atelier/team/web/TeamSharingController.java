package studio.atelier.team.web;

import java.util.List;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.team.TeamSharing;

/** Sharing from the detail page and the personal gallery, and in a team's gallery: stop sharing, mark favourites. */
@Controller
class TeamSharingController {

    private final TeamSharing sharing;

    TeamSharingController(TeamSharing sharing) {
        this.sharing = sharing;
    }

    @PostMapping("/teams/{slug}/gallery/{id}/favourite")
    String favourite(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String slug, @PathVariable long id) {
        sharing.toggleFavourite(me.id(), slug, id);
        return "redirect:/teams/" + slug + "/gallery";
    }

    @PostMapping("/teams/{slug}/gallery/unshare")
    String unshare(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String slug,
            @RequestParam(name = "ids", required = false) List<Long> ids, RedirectAttributes redirect) {
        int removed = sharing.unshare(me.id(), slug, TeamController.ids(ids));
        redirect.addFlashAttribute(removed > 0 ? "flashSuccess" : "flashError", removed > 0 ? "share.removed" : "share.nothingRemoved");
        return "redirect:/teams/" + slug + "/gallery";
    }

    @PostMapping("/generations/{id}/shares")
    String shares(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable long id,
            @RequestParam(name = "teamIds", required = false) List<Long> teamIds, RedirectAttributes redirect) {
        sharing.setShares(me.id(), id, TeamController.ids(teamIds));
        redirect.addFlashAttribute("flashSuccess", "share.saved");
        return "redirect:/generations/" + id;
    }

    @PostMapping("/gallery/share")
    String shareSelected(@AuthenticationPrincipal AtelierPrincipal me, @RequestParam(name = "ids", required = false) List<Long> ids,
            @RequestParam(name = "teamId", required = false) Long teamId, RedirectAttributes redirect) {
        List<Long> chosen = TeamController.ids(ids);
        if (chosen.isEmpty() || teamId == null) {
            redirect.addFlashAttribute("flashError", "gallery.nothingSelected");
            return "redirect:/gallery";
        }
        sharing.shareMany(me.id(), teamId, chosen);
        redirect.addFlashAttribute("flashSuccess", "share.bulkDone");
        return "redirect:/gallery";
    }
}
