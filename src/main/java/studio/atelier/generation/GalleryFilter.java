package studio.atelier.generation;

import java.time.LocalDate;
import java.util.List;

import studio.atelier.shared.FilterCheck;

/**
 * What the gallery shows: status group, provider/model, a date range (UTC days), favourites and a search in the
 * prompt. All optional; they come straight from the URL so a filtered view can be bookmarked.
 */
public record GalleryFilter(String status, String provider, String model, LocalDate from, LocalDate to, Boolean favourites,
        String q) {

    /** The status groups a gallery can show (none: everything). */
    public static final List<String> STATUSES = List.of("images", "succeeded", "failed", "active");

    /** The filter as the address gives it, each wrong parameter kept as a problem of {@code check} (and left out). */
    public static GalleryFilter checked(FilterCheck check, String status, String provider, String model, String from, String to,
            String favourites, String q) {
        return new GalleryFilter(check.oneOf("status", status, STATUSES), blankToNull(provider), blankToNull(model),
                check.date("from", from), check.date("to", to), check.flag("favourites", favourites), q);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    public static GalleryFilter none() {
        return new GalleryFilter(null, null, null, null, null, null, null);
    }

    public String query() {
        return q == null ? null : q.trim().isEmpty() ? null : q.trim();
    }
}
