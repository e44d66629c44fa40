package studio.atelier.gallery.web;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import studio.atelier.gallery.GalleryFilter;
import studio.atelier.gallery.GalleryQuery;
import studio.atelier.gateway.ProviderCatalog;
import studio.atelier.generation.GenerationPage;
import studio.atelier.generation.GenerationView;
import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.team.TeamApi;
import studio.atelier.team.TeamViews.TeamView;

/** A team's gallery, like the personal one; sharing, unsharing and favourite marks are the team module's. */
@Controller
class TeamGalleryController {

    private final TeamApi teams;
    private final GalleryQuery gallery;
    private final ProviderCatalog providers;

    TeamGalleryController(TeamApi teams, GalleryQuery gallery, ProviderCatalog providers) {
        this.teams = teams;
        this.gallery = gallery;
        this.providers = providers;
    }

    /** Full page, or for HTMX just the grid (filters) or just the next items (infinite scroll). */
    @GetMapping("/teams/{slug}/gallery")
    String gallery(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String slug, GalleryAddress address,
            HtmxRequest htmx, Model model, HttpServletResponse response) {
        TeamView team = teams.team(me.id(), slug);
        GalleryFilter filter = address.filter(model, response);
        GenerationPage page = gallery.pageForTeam(team.id(), me.id(), filter, address.after());
        model.addAttribute("team", team);
        model.addAttribute("galleryUrl", "/teams/" + team.slug() + "/gallery");
        model.addAttribute("page", page);
        model.addAttribute("authors", gallery.authors(page.items().stream().map(GenerationView::ownerId).distinct().toList()));
        GalleryAddress.Answer answer = address.answer(htmx);
        if (answer == GalleryAddress.Answer.PAGE) {
            GalleryAddress.addChoices(model, providers);
        }
        return answer.view("gallery/team-gallery");
    }
}
