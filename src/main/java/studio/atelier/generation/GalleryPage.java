package studio.atelier.generation;

import java.util.List;

/** One page of the gallery and the cursor of the next, if any. */
public record GalleryPage(List<GenerationView> items, String nextCursor) {
}
