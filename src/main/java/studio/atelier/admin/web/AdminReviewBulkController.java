package studio.atelier.admin.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import studio.atelier.audit.Actor;
import studio.atelier.generation.GenerationReview;
import studio.atelier.generation.GenerationReview.BulkChange;
import studio.atelier.generation.GenerationReview.UnknownGenerations;
import studio.atelier.shared.AtelierPrincipal;

/**
 * Hides (or shows again) the tiles an administrator selected on the content review page, with one reason. A plain form
 * post is answered with a redirect to the same filters and a notice; an HTMX one with the refreshed tiles and the
 * notice. When nothing can be done (no selection, no reason, a generation gone) nothing changes, and the selection
 * and reason are kept so the person can correct and resend.
 */
@Controller
class AdminReviewBulkController {

    /** The audit log's and the generation's reason columns hold this much. */
    static final int MAX_REASON = 1000;

    private final GenerationReview review;
    private final ReviewResults results;

    AdminReviewBulkController(GenerationReview review, ReviewResults results) {
        this.review = review;
        this.results = results;
    }

    @PostMapping("/admin/review/bulk")
    String bulk(@AuthenticationPrincipal AtelierPrincipal me, ReviewQuery query,
            @RequestParam(name = "ids", required = false) List<Long> ids, @RequestParam(required = false) String reason,
            @RequestParam(required = false) String action, HtmxRequest htmx,
            HttpServletRequest request, Model model, RedirectAttributes redirect) {
        if (!"hide".equals(action) && !"unhide".equals(action)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        List<Long> chosen = ids == null ? List.of() : ids.stream().filter(Objects::nonNull).distinct().toList();
        String why = AdminActors.reason(reason);
        ReviewNotice notice = chosen.isEmpty() ? ReviewNotice.refused("gallery.nothingSelected")
                : why == null ? ReviewNotice.refused("admin.review.reasonRequired")
                : why.length() > MAX_REASON ? ReviewNotice.refused("admin.review.reasonTooLong", MAX_REASON)
                : apply(AdminActors.of(me, request), action, chosen, why);
        Map<String, Object> shown = new HashMap<>(Map.of("notice", notice));
        if (notice.error()) { // kept, so that the person corrects what is wrong and sends again
            shown.put("selected", chosen);
            if (reason != null) {
                shown.put("bulkReason", reason);
            }
        }
        if (htmx.isHtmxRequest()) {
            model.addAllAttributes(shown);
            results.fill(query, null, model);
            return "admin/review :: results";
        }
        shown.forEach(redirect::addFlashAttribute);
        query.keepIn(redirect);
        return "redirect:/admin/review";
    }

    private ReviewNotice apply(Actor actor, String action, List<Long> ids, String reason) {
        try {
            BulkChange change = "hide".equals(action) ? review.hideAll(actor, ids, reason) : review.unhideAll(actor, ids, reason);
            return ReviewNotice.done("admin.review.bulk.done." + action, change.changed(), change.unchanged());
        } catch (UnknownGenerations unknown) {
            String missing = unknown.ids().stream().map(String::valueOf).collect(Collectors.joining(", "));
            return ReviewNotice.refused("admin.review.bulk.unknown", unknown.ids().size(), missing);
        }
    }
}
