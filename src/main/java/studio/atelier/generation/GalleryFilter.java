package studio.atelier.generation;

import java.time.LocalDate;

/**
 * What the gallery shows: status group, provider/model, a date range (UTC days), favourites and a search in the
 * prompt. All optional; they come straight from the URL so a filtered view can be bookmarked.
 */
public record GalleryFilter(String status, String provider, String model, LocalDate from, LocalDate to, Boolean favourites,
        String q) {

    public static GalleryFilter none() {
        return new GalleryFilter(null, null, null, null, null, null, null);
    }

    public String query() {
        return q == null ? null : q.trim().isEmpty() ? null : q.trim();
    }
}
