package studio.atelier.admin.web;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import studio.atelier.generation.GenerationRefused;
import studio.atelier.generation.GenerationReview;
import studio.atelier.generation.GenerationStatus;
import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.shared.FilterCheck;

@Controller
class AdminReviewController {

    /** What the review can be narrowed to: a generation's status, or hidden ones. */
    private static final List<String> STATUSES = Stream.concat(Arrays.stream(GenerationStatus.values()).map(Enum::name),
            Stream.of("HIDDEN")).toList();

    private final GenerationReview review;
    private final ReviewResults results;

    AdminReviewController(GenerationReview review, ReviewResults results) {
        this.review = review;
        this.results = results;
    }

    @GetMapping("/admin/review")
    String review(@RequestParam(required = false) String user, @RequestParam(name = "status", required = false) String statusParam,
            @RequestParam(name = "from", required = false) String fromParam, @RequestParam(name = "to", required = false) String toParam,
            @RequestParam(required = false) String q, @RequestParam(name = "before", required = false) String beforeParam,
            HtmxRequest htmx, Model model, HttpServletResponse response) {
        FilterCheck check = new FilterCheck();
        String status = check.oneOf("status", statusParam, STATUSES);
        LocalDate from = check.date("from", fromParam);
        LocalDate to = check.date("to", toParam);
        Long before = check.wholeNumber("before", beforeParam);
        check.answer(model, response);
        results.fill(new ReviewQuery(user, status, from, to, q), before, model);
        if (htmx.isHtmxRequest() && before != null) {
            return "admin/review :: rows";
        }
        return "review-results".equals(htmx.getTarget()) ? "admin/review :: results" : "admin/review";
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
