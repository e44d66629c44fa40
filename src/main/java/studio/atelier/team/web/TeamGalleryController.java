package studio.atelier.team.web;

import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import studio.atelier.generation.GalleryFilter;
import studio.atelier.generation.GalleryPage;
import studio.atelier.generation.GenerationView;
import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.shared.FilterCheck;
import studio.atelier.team.TeamApi;
import studio.atelier.team.TeamSharing;
import studio.atelier.team.TeamViews.TeamView;
import studio.atelier.gateway.ProviderCatalog;

/** A team's shared gallery, and sharing from the detail page and the personal gallery. */
@Controller
class TeamGalleryController {

    private final TeamApi teams;
    private final TeamSharing sharing;
    private final ProviderCatalog providers;

    TeamGalleryController(TeamApi teams, TeamSharing sharing, ProviderCatalog providers) {
        this.teams = teams;
        this.sharing = sharing;
        this.providers = providers;
    }

    /** Full page, or for HTMX just the grid (filters) or just the next items (infinite scroll), like the personal gallery. */
    @GetMapping("/teams/{slug}/gallery")
    String gallery(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String slug,
            @RequestParam(required = false) String status, @RequestParam(required = false) String provider,
            @RequestParam(name = "model", required = false) String modelName,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String favourites, @RequestParam(required = false) String q,
            @RequestParam(required = false) String after,
            @RequestHeader(value = "HX-Request", required = false) String htmx,
            @RequestHeader(value = "HX-Target", required = false) String target, Model model, HttpServletResponse response) {
        TeamView team = teams.team(me.id(), slug);
        FilterCheck check = new FilterCheck();
        GalleryFilter filter = GalleryFilter.checked(check, status, provider, modelName, from, to, favourites, q);
        check.answer(model, response);
        GalleryPage page = sharing.gallery(me.id(), slug, filter, after);
        model.addAttribute("team", team);
        model.addAttribute("filter", filter);
        model.addAttribute("page", page);
        model.addAttribute("authors", sharing.usernames(page.items().stream().map(GenerationView::ownerId).distinct().toList()));
        model.addAttribute("me", me.id());
        if (htmx != null && after != null) {
            return "team/partials/grid :: items";
        }
        if (htmx != null && "gallery-results".equals(target)) {
            return "team/partials/grid :: results";
        }
        model.addAttribute("providers", providers.all());
        model.addAttribute("models", providers.all().stream().flatMap(p -> p.models().stream()).distinct().sorted().toList());
        return "team/gallery";
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
