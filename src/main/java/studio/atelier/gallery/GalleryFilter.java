package studio.atelier.gallery;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import studio.atelier.generation.GenerationSearch;
import studio.atelier.generation.GenerationStatus;
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

    /** The same filter in the generation module's terms. */
    GenerationSearch.Criteria criteria() {
        return new GenerationSearch.Criteria(statuses(), "images".equals(status), provider, model, from, to,
                Boolean.TRUE.equals(favourites), query());
    }

    private Set<GenerationStatus> statuses() {
        return switch (status == null ? "" : status) {
            case "succeeded" -> EnumSet.of(GenerationStatus.SUCCEEDED);
            case "failed" -> EnumSet.of(GenerationStatus.FAILED, GenerationStatus.INTERRUPTED, GenerationStatus.CANCELLED);
            case "active" -> EnumSet.of(GenerationStatus.QUEUED, GenerationStatus.RUNNING);
            default -> Set.of();
        };
    }
}
