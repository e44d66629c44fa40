package studio.atelier.admin.web;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

import studio.atelier.account.AccountApi;
import studio.atelier.account.AccountSummary;
import studio.atelier.generation.GenerationReview;
import studio.atelier.generation.GenerationReview.ReviewFilter;
import studio.atelier.generation.GenerationView;

/** The tiles of the content review page for a query: what both the page and the answer to a bulk action show. */
@Component
class ReviewResults {

    private final GenerationReview review;
    private final AccountApi accounts;

    ReviewResults(GenerationReview review, AccountApi accounts) {
        this.review = review;
        this.accounts = accounts;
    }

    void fill(ReviewQuery query, Long before, Model model) {
        Long ownerId = null;
        boolean unknownUser = false;
        if (query.user() != null && !query.user().isBlank()) {
            var found = accounts.findByUsername(query.user().trim());
            unknownUser = found.isEmpty();
            ownerId = found.map(AccountSummary::id).orElse(-1L); // nobody's: an unknown name matches nothing
        }
        ReviewFilter filter = new ReviewFilter(ownerId, query.status(), query.from(), query.to(), query.q());
        List<GenerationView> items = review.page(filter, before);
        model.addAttribute("items", items);
        model.addAttribute("owners", items.stream().map(GenerationView::ownerId).distinct()
                .collect(Collectors.toMap(id -> id, id -> accounts.find(id).map(AccountSummary::username).orElse("?"))));
        model.addAttribute("unknownUser", unknownUser);
        model.addAttribute("filter", filter);
        model.addAttribute("user", query.user());
        model.addAttribute("next", items.size() == GenerationReview.PAGE_SIZE ? items.get(items.size() - 1).id() : null);
    }
}
