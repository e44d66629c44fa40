package studio.atelier.gallery.web;

import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import studio.atelier.generation.GalleryExport;
import studio.atelier.generation.GalleryFilter;
import studio.atelier.generation.GalleryQuery;
import studio.atelier.generation.GenerationRefused;
import studio.atelier.generation.GenerationService;
import studio.atelier.generation.SharedAccess;
import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.shared.FilterCheck;
import studio.atelier.gateway.ProviderCatalog;

@Controller
class GalleryController {

    private final GalleryQuery gallery;
    private final GalleryExport export;
    private final GenerationService generations;
    private final ProviderCatalog providers;
    private final ObjectProvider<SharedAccess> shared;

    GalleryController(GalleryQuery gallery, GalleryExport export, GenerationService generations, ProviderCatalog providers,
            ObjectProvider<SharedAccess> shared) {
        this.shared = shared;
        this.gallery = gallery;
        this.export = export;
        this.generations = generations;
        this.providers = providers;
    }

    /** Full page, or for HTMX just the grid (filters) or just the next items (infinite scroll). */
    @GetMapping("/gallery")
    String gallery(@AuthenticationPrincipal AtelierPrincipal me, @RequestParam(required = false) String status,
            @RequestParam(required = false) String provider, @RequestParam(name = "model", required = false) String modelName,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String favourites, @RequestParam(required = false) String q,
            @RequestParam(required = false) String after,
            @RequestHeader(value = "HX-Request", required = false) String htmx,
            @RequestHeader(value = "HX-Target", required = false) String target, Model model, HttpServletResponse response) {
        FilterCheck check = new FilterCheck();
        GalleryFilter filter = GalleryFilter.checked(check, status, provider, modelName, from, to, favourites, q);
        check.answer(model, response);
        model.addAttribute("filter", filter);
        model.addAttribute("page", gallery.page(me.id(), filter, after));
        if (htmx != null && after != null) {
            return "gallery/partials/grid :: items";
        }
        if (htmx != null && "gallery-results".equals(target)) {
            SharedAccess teams = shared.getIfAvailable();
            model.addAttribute("shareTeams", teams == null ? List.of() : teams.shareTargets(me.id()));
            return "gallery/partials/grid :: results";
        }
        model.addAttribute("providers", providers.all());
        SharedAccess teams = shared.getIfAvailable();
        model.addAttribute("shareTeams", teams == null ? List.of() : teams.shareTargets(me.id()));
        // the models the gateways offer, not a scan of this person's history (which can be 100 000 rows)
        model.addAttribute("models", providers.all().stream().flatMap(p -> p.models().stream()).distinct().sorted().toList());
        return "gallery/gallery";
    }

    @PostMapping("/gallery/delete")
    String deleteSelected(@AuthenticationPrincipal AtelierPrincipal me, @RequestParam(name = "ids", required = false) List<Long> ids,
            RedirectAttributes redirect) {
        if (ids == null || ids.isEmpty()) {
            redirect.addFlashAttribute("flashError", "gallery.nothingSelected");
            return "redirect:/gallery";
        }
        int deleted = 0;
        int skipped = 0;
        for (Long id : ids) {
            try {
                if (generations.delete(me.id(), id)) {
                    deleted++;
                }
            } catch (GenerationRefused stillRunning) {
                skipped++;
            }
        }
        redirect.addFlashAttribute("flashSuccess", skipped == 0 ? "gallery.deleted" : "gallery.deletedSomeRunning");
        return "redirect:/gallery";
    }

    @PostMapping("/gallery/zip")
    ResponseEntity<StreamingResponseBody> zip(@AuthenticationPrincipal AtelierPrincipal me,
            @RequestParam(name = "ids", required = false) List<Long> ids) {
        List<Long> owned = ids == null ? List.of() : export.ownedAmong(me.id(), ids);
        if (owned.isEmpty()) {
            return ResponseEntity.status(303).header(HttpHeaders.LOCATION, "/gallery").build();
        }
        StreamingResponseBody body = out -> export.writeZip(me.id(), owned, out);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("atelier-images.zip").build().toString())
                .body(body);
    }

}
