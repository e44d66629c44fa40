package studio.atelier.gallery.web;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.ui.Model;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import studio.atelier.gallery.GalleryFilter;
import studio.atelier.gateway.ProviderCatalog;
import studio.atelier.shared.FilterCheck;

/**
 * A gallery's address as typed (filters and the next page's cursor; all optional, so a filtered view can be
 * bookmarked), and what the personal and the team gallery answer for it alike.
 */
record GalleryAddress(String status, String provider, String model, String from, String to, String favourites, String q,
        String after) {

    /** The filter, each wrong parameter shown as a problem and left out. */
    GalleryFilter filter(Model page, HttpServletResponse response) {
        FilterCheck check = new FilterCheck();
        GalleryFilter filter = GalleryFilter.checked(check, status, provider, model, from, to, favourites, q);
        check.answer(page, response);
        page.addAttribute("filter", filter);
        return filter;
    }

    /** What a gallery address answers with. */
    enum Answer {
        /** The next items, for HTMX's infinite scroll. */
        ITEMS("gallery/partials/grid :: items"),
        /** The grid, for HTMX when the filters changed. */
        RESULTS("gallery/partials/grid :: results"),
        /** The whole page (the gallery's own template). */
        PAGE(null);

        private final String fragment;

        Answer(String fragment) {
            this.fragment = fragment;
        }

        String view(String page) {
            return fragment == null ? page : fragment;
        }
    }

    Answer answer(HtmxRequest htmx) {
        if (htmx.isHtmxRequest() && after != null) {
            return Answer.ITEMS;
        }
        return htmx.isHtmxRequest() && "gallery-results".equals(htmx.getTarget()) ? Answer.RESULTS : Answer.PAGE;
    }

    /** The filters' choices on the full page: the models the gateways offer, not a scan of the gallery (100 000 rows). */
    static void addChoices(Model page, ProviderCatalog providers) {
        page.addAttribute("providers", providers.all());
        page.addAttribute("models", providers.all().stream().flatMap(p -> p.models().stream()).distinct().sorted().toList());
    }
}
