package studio.atelier.admin.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import studio.atelier.generation.GenerationRefused;
import studio.atelier.generation.GenerationReview;
import studio.atelier.shared.AtelierPrincipal;

@Controller
class AdminReviewController {

    private final GenerationReview review;
    private final ReviewResults results;

    AdminReviewController(GenerationReview review, ReviewResults results) {
        this.review = review;
        this.results = results;
    }

    @GetMapping("/admin/review")
    String review(ReviewQuery query, @RequestParam(required = false) Long before,
            @RequestHeader(value = "HX-Request", required = false) String htmx,
            @RequestHeader(value = "HX-Target", required = false) String target, Model model) {
        results.fill(query, before, model);
        if (htmx != null && before != null) {
            return "admin/review :: rows";
        }
        return htmx != null && "review-results".equals(target) ? "admin/review :: results" : "admin/review";
    }

    @PostMapping("/admin/review/{id}/{action}")
    String act(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable long id, @PathVariable String action,
            @RequestParam(required = false) String reason, HttpServletRequest request, RedirectAttributes redirect) {
        var actor = AdminActors.of(me, request);
        String why = AdminActors.reason(reason);
        if (why == null) {
            redirect.addFlashAttribute("flashError", "admin.review.reasonRequired");
            return "redirect:/admin/review";
        }
        boolean found;
        try {
            found = switch (action) {
                case "hide" -> review.hide(actor, id, why);
                case "unhide" -> review.unhide(actor, id, why);
                case "delete" -> review.delete(actor, id, why);
                default -> false;
            };
        } catch (GenerationRefused refused) {
            redirect.addFlashAttribute("flashError", refused.messageCode());
            return "redirect:/admin/review";
        }
        if (!found) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        redirect.addFlashAttribute("flashSuccess", "admin.review.done." + action);
        return "redirect:/admin/review";
    }
}
