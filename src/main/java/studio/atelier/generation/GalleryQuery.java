package studio.atelier.generation;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The gallery's read path: keyset pages over (queued_at, id) so page 1 000 costs what page 1 costs, then the
 * page's generations and images in two queries (no N+1).
 */
@Service
public class GalleryQuery {

    public static final int PAGE_SIZE = 24;

    private final JdbcClient jdbc;
    private final GenerationRepository generations;
    private final GenerationImageRepository images;

    GalleryQuery(JdbcClient jdbc, GenerationRepository generations, GenerationImageRepository images) {
        this.jdbc = jdbc;
        this.generations = generations;
        this.images = images;
    }

    @Transactional(readOnly = true)
    public GalleryPage page(long ownerId, GalleryFilter filter, String cursor) {
        StringBuilder sql = new StringBuilder("select id, queued_at from generation where owner_id = :owner");
        Map<String, Object> params = new HashMap<>();
        params.put("owner", ownerId);
        return page(sql, params, filter, cursor, " and favourite = true");
    }

    /**
     * A team's gallery: generations shared with the team or made as the team, keyset-paged like the personal one.
     * "Favourites" are the viewer's own marks, and each item's {@code favourite} is the viewer's mark.
     */
    @Transactional(readOnly = true)
    public GalleryPage pageForTeam(long teamId, long viewerId, GalleryFilter filter, String cursor) {
        StringBuilder sql = new StringBuilder("select id, queued_at from generation where (team_id = :team"
                + " or id in (select s.generation_id from generation_share s where s.team_id = :team))"
                // hidden by an administrator: gone from every gallery but its owner's (who sees why)
                + " and hidden_at is null");
        Map<String, Object> params = new HashMap<>();
        params.put("team", teamId);
        params.put("viewer", viewerId);
        String mine = " and id in (select f.generation_id from team_favourite f where f.user_id = :viewer)";
        GalleryPage page = page(sql, params, filter, cursor, mine);
        if (page.items().isEmpty()) {
            return page;
        }
        List<Long> marked = jdbc.sql("select generation_id from team_favourite where user_id = :viewer and generation_id in (:ids)")
                .param("viewer", viewerId).param("ids", page.items().stream().map(GenerationView::id).toList())
                .query(Long.class).list();
        return new GalleryPage(page.items().stream().map(g -> g.withFavourite(marked.contains(g.id()))).toList(), page.nextCursor());
    }

    private GalleryPage page(StringBuilder sql, Map<String, Object> params, GalleryFilter filter, String cursor,
            String favouritesClause) {
        if (filter.status() != null) {
            switch (filter.status()) {
                case "succeeded" -> sql.append(" and status = 'SUCCEEDED'");
                case "failed" -> sql.append(" and status in ('FAILED','INTERRUPTED','CANCELLED')");
                case "active" -> sql.append(" and status in ('QUEUED','RUNNING')");
                case "images" -> sql.append(" and image_count > 0");
                default -> { }
            }
        }
        if (filter.provider() != null && !filter.provider().isBlank()) {
            sql.append(" and provider_id = :provider");
            params.put("provider", filter.provider());
        }
        if (filter.model() != null && !filter.model().isBlank()) {
            sql.append(" and model = :model");
            params.put("model", filter.model());
        }
        if (filter.from() != null) {
            sql.append(" and queued_at >= :from");
            params.put("from", Timestamp.from(filter.from().atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        if (filter.to() != null) {
            sql.append(" and queued_at < :to");
            params.put("to", Timestamp.from(filter.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        if (Boolean.TRUE.equals(filter.favourites())) {
            sql.append(favouritesClause);
        }
        if (filter.query() != null) {
            sql.append(" and prompt_search like :q escape '\\'");
            params.put("q", "%" + escapeLike(filter.query().toLowerCase(Locale.ROOT)) + "%");
        }
        Cursor after = Cursor.parse(cursor);
        if (after != null) {
            // a row-value comparison lets PostgreSQL continue the (owner_id, queued_at, id) index scan where the page ended
            sql.append(" and (queued_at, id) < (:cAt, :cId)");
            params.put("cAt", Timestamp.from(after.queuedAt()));
            params.put("cId", after.id());
        }
        sql.append(" order by queued_at desc, id desc limit ").append(PAGE_SIZE + 1);
        List<Cursor> rows = jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new Cursor(rs.getTimestamp(2).toInstant(), rs.getLong(1))).list();
        boolean more = rows.size() > PAGE_SIZE;
        List<Cursor> page = more ? rows.subList(0, PAGE_SIZE) : rows;
        return new GalleryPage(views(page.stream().map(Cursor::id).toList()), more ? page.get(page.size() - 1).encode() : null);
    }

    private List<GenerationView> views(List<Long> ids) {
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

    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
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
