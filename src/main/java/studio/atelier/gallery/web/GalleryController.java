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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import studio.atelier.gallery.GalleryExport;
import studio.atelier.gallery.GalleryFilter;
import studio.atelier.gallery.GalleryQuery;
import studio.atelier.gateway.ProviderCatalog;
import studio.atelier.generation.GenerationRefused;
import studio.atelier.generation.GenerationService;
import studio.atelier.generation.SharedAccess;
import studio.atelier.shared.AtelierPrincipal;

/** The personal gallery: filter, page, and with the selected download a ZIP or delete. */
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
    String gallery(@AuthenticationPrincipal AtelierPrincipal me, GalleryAddress address, HtmxRequest htmx, Model model,
            HttpServletResponse response) {
        GalleryFilter filter = address.filter(model, response);
        model.addAttribute("galleryUrl", "/gallery");
        model.addAttribute("page", gallery.page(me.id(), filter, address.after()));
        GalleryAddress.Answer answer = address.answer(htmx);
        if (answer != GalleryAddress.Answer.ITEMS) {
            SharedAccess teams = shared.getIfAvailable();
            model.addAttribute("shareTeams", teams == null ? List.of() : teams.shareTargets(me.id()));
        }
        if (answer == GalleryAddress.Answer.PAGE) {
            GalleryAddress.addChoices(model, providers);
        }
        return answer.view("gallery/gallery");
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
