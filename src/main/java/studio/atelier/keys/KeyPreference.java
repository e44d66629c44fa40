package studio.atelier.keys;

import java.time.Instant;
import java.util.Comparator;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Which of a person's keys for a provider comes first, on Generate and for a submission that names none: never one the
 * gateway refused while another is left, then the one that worked last, then (none worked yet) the newest.
 */
final class KeyPreference {

    private KeyPreference() {
    }

    static <T> Comparator<T> order(Predicate<T> rejected, Function<T, Instant> workedAt, Function<T, Instant> createdAt,
            ToLongFunction<T> id) {
        return Comparator.comparing(rejected::test)
                .thenComparing(workedAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(createdAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(Comparator.comparingLong(id).reversed());
    }

    static final Comparator<ApiKeyView> VIEWS = order(ApiKeyView::rejected, ApiKeyView::lastWorkedAt, ApiKeyView::createdAt,
            ApiKeyView::id);
}
