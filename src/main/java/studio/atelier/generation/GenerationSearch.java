package studio.atelier.generation;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Generations a page at a time, newest first, for the galleries: keyset pages over (queued_at, id) so page 1 000 costs
 * what page 1 costs, then the page's generations and images in two queries (no N+1).
 */
@Service
public class GenerationSearch {

    /**
     * What to look for, every part optional: any of {@code statuses} (empty: any status), only those with images,
     * one provider or model, queued within UTC days {@code from}..{@code to}, only favourites, a text in the prompt.
     */
    public record Criteria(Set<GenerationStatus> statuses, boolean withImages, String providerId, String model, LocalDate from,
            LocalDate to, boolean favouritesOnly, String text) {

        public static Criteria any() {
            return new Criteria(Set.of(), false, null, null, null, null, false, null);
        }
    }

    private final JdbcClient jdbc;
    private final GenerationRepository generations;
    private final GenerationImageRepository images;

    GenerationSearch(JdbcClient jdbc, GenerationRepository generations, GenerationImageRepository images) {
        this.jdbc = jdbc;
        this.generations = generations;
        this.images = images;
    }

    /** The owner's own generations; "favourites" are the owner's marks. */
    @Transactional(readOnly = true)
    public GenerationPage owned(long ownerId, Criteria criteria, String cursor, int size) {
        GenerationConditions where = new GenerationConditions("select id, queued_at from generation where owner_id = :owner")
                .with("owner", ownerId);
        if (criteria.favouritesOnly()) {
            where.and("favourite = true");
        }
        return page(where, criteria, cursor, size);
    }

    /**
     * A team's gallery: generations shared with the team or made as the team, except those an administrator hid (gone
     * from every gallery but their owner's, who sees why). "Favourites" are the viewer's own marks, and each item's
     * {@code favourite} is the viewer's mark.
     */
    @Transactional(readOnly = true)
    public GenerationPage inTeam(long teamId, long viewerId, Criteria criteria, String cursor, int size) {
        GenerationConditions where = new GenerationConditions("select id, queued_at from generation where (team_id = :team"
                + " or id in (select s.generation_id from generation_share s where s.team_id = :team))")
                .with("team", teamId).and("hidden_at is null");
        if (criteria.favouritesOnly()) {
            where.and("id in (select f.generation_id from team_favourite f where f.user_id = :viewer)", "viewer", viewerId);
        }
        GenerationPage page = page(where, criteria, cursor, size);
        if (page.items().isEmpty()) {
            return page;
        }
        List<Long> marked = jdbc.sql("select generation_id from team_favourite where user_id = :viewer and generation_id in (:ids)")
                .param("viewer", viewerId).param("ids", page.items().stream().map(GenerationView::id).toList())
                .query(Long.class).list();
        return new GenerationPage(page.items().stream().map(g -> g.withFavourite(marked.contains(g.id()))).toList(), page.nextCursor());
    }

    private GenerationPage page(GenerationConditions where, Criteria criteria, String cursor, int size) {
        where.statusIn(criteria.statuses()).equal("provider_id", criteria.providerId()).equal("model", criteria.model())
                .queuedBetween(criteria.from(), criteria.to()).promptContains(criteria.text());
        if (criteria.withImages()) {
            where.and("image_count > 0");
        }
        Cursor after = Cursor.parse(cursor);
        if (after != null) {
            // a row-value comparison lets PostgreSQL continue the (owner_id, queued_at, id) index scan where the page ended
            where.with("cAt", Timestamp.from(after.queuedAt())).with("cId", after.id()).and("(queued_at, id) < (:cAt, :cId)");
        }
        List<Cursor> rows = where.query(jdbc, "order by queued_at desc, id desc limit " + (size + 1),
                (rs, n) -> new Cursor(rs.getTimestamp(2).toInstant(), rs.getLong(1)));
        boolean more = rows.size() > size;
        List<Cursor> page = more ? rows.subList(0, size) : rows;
        return new GenerationPage(views(page.stream().map(Cursor::id).toList()), more ? page.get(page.size() - 1).encode() : null);
    }

    /** The generations with these ids, in this order, with their images. */
    List<GenerationView> views(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, List<Long>> imageIds = new HashMap<>();
        images.findByGenerationIdInOrderByGenerationIdAscPositionAsc(ids)
                .forEach(i -> imageIds.computeIfAbsent(i.generationId(), k -> new ArrayList<>()).add(i.id()));
        Map<Long, Generation> byId = generations.findPage(ids).stream()
                .collect(Collectors.toMap(Generation::id, g -> g, (a, b) -> a, LinkedHashMap::new));
        List<GenerationView> out = new ArrayList<>(ids.size());
        for (Long id : ids) {
            Generation g = byId.get(id);
            if (g != null) {
                out.add(g.toView(imageIds.getOrDefault(id, List.of())));
            }
        }
        return out;
    }

    record Cursor(Instant queuedAt, long id) {

        String encode() {
            long micros = queuedAt.getEpochSecond() * 1_000_000 + queuedAt.getNano() / 1000;
            return Long.toString(micros, 36) + "." + Long.toString(id, 36);
        }

        static Cursor parse(String text) {
            if (text == null || !text.matches("[0-9a-z]{1,14}\\.[0-9a-z]{1,14}")) {
                return null;
            }
            String[] parts = text.split("\\.");
            long micros = Long.parseLong(parts[0], 36);
            return new Cursor(Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000), Long.parseLong(parts[1], 36));
        }
    }
}
