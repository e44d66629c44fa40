package studio.atelier.generation;

import java.util.List;

/** One page of generations, newest first, and the cursor of the next page if there is one. */
public record GenerationPage(List<GenerationView> items, String nextCursor) {
}
