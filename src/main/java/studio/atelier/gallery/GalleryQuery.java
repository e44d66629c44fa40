package studio.atelier.gallery;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.account.AccountApi;
import studio.atelier.generation.GenerationPage;
import studio.atelier.generation.GenerationSearch;

/** The galleries' read path: a person's own gallery and a team's, a page at a time through the generation module's search. */
@Service
public class GalleryQuery {

    public static final int PAGE_SIZE = 24;

    private final GenerationSearch search;
    private final AccountApi accounts;

    GalleryQuery(GenerationSearch search, AccountApi accounts) {
        this.search = search;
        this.accounts = accounts;
    }

    @Transactional(readOnly = true)
    public GenerationPage page(long ownerId, GalleryFilter filter, String cursor) {
        return search.owned(ownerId, filter.criteria(), cursor, PAGE_SIZE);
    }

    /**
     * The gallery of a team {@code viewerId} belongs to (checked by the caller): generations shared with the team or made
     * as the team; "favourites" are the viewer's own marks.
     */
    @Transactional(readOnly = true)
    public GenerationPage pageForTeam(long teamId, long viewerId, GalleryFilter filter, String cursor) {
        return search.inTeam(teamId, viewerId, filter.criteria(), cursor, PAGE_SIZE);
    }

    /** Who made the items (the "by" line of a team gallery). */
    public Map<Long, String> authors(Collection<Long> ownerIds) {
        Map<Long, String> names = new HashMap<>(accounts.usernames(ownerIds));
        ownerIds.forEach(id -> names.putIfAbsent(id, "?"));
        return names;
    }
}
