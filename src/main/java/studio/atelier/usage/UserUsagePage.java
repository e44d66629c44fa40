package studio.atelier.usage;

import java.util.List;

/** One page of the admin usage table; {@code total} is the number of people matching the search. */
public record UserUsagePage(List<UserUsageLine> lines, long total, int page, int size) {

    public int pages() {
        return (int) Math.max(1, (total + size - 1) / size);
    }

    public boolean hasNext() {
        return page + 1 < pages();
    }

    public boolean hasPrevious() {
        return page > 0;
    }
}
