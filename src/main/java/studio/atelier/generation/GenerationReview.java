package studio.atelier.generation;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.shared.AdminOnly;
import studio.atelier.audit.Actor;
import studio.atelier.audit.AuditAction;
import studio.atelier.audit.AuditLog;

/** Content review for administrators: every generation across people, and hide / unhide / delete with a reason. */
@AdminOnly
@Service
public class GenerationReview {

    public record ReviewFilter(Long ownerId, String status, LocalDate from, LocalDate to, String q) {
    }

    public static final int PAGE_SIZE = 30;

    /** What a bulk hide or unhide did: those already in the wanted state are left as they are, and not audited. */
    public record BulkChange(int changed, int unchanged) {
    }

    /** Some chosen generations do not exist (any more); thrown before anything changes. */
    public static class UnknownGenerations extends RuntimeException {

        private final List<Long> ids;

        UnknownGenerations(List<Long> ids) {
            super("no generations " + ids);
            this.ids = List.copyOf(ids);
        }

        public List<Long> ids() {
            return ids;
        }
    }

    private final JdbcClient jdbc;
    private final GenerationRepository generations;
    private final GenerationImageRepository images;
    private final GenerationService service;
    private final GenerationSearch search;
    private final AuditLog audit;
    private final Clock clock;

    GenerationReview(JdbcClient jdbc, GenerationRepository generations, GenerationImageRepository images, GenerationService service,
            GenerationSearch search, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.generations = generations;
        this.images = images;
        this.service = service;
        this.search = search;
        this.audit = audit;
        this.clock = clock;
    }

    /** Newest first; {@code beforeId} continues after the previous page's last item. */
    @Transactional(readOnly = true)
    public List<GenerationView> page(ReviewFilter filter, Long beforeId) {
        GenerationConditions where = new GenerationConditions("select id from generation where 1 = 1").equal("owner_id", filter.ownerId());
        if ("HIDDEN".equals(filter.status())) {
            where.and("hidden_at is not null");
        } else if (filter.status() != null && !filter.status().isBlank()) {
            where.and("status = :status", "status", filter.status());
        }
        where.queuedBetween(filter.from(), filter.to()).promptContains(filter.q());
        if (beforeId != null) {
            where.and("id < :before", "before", beforeId);
        }
        return search.views(where.query(jdbc, "order by id desc limit " + PAGE_SIZE, (rs, n) -> rs.getLong(1)));
    }

    @Transactional
    public boolean hide(Actor admin, long id, String reason) {
        return generations.findById(id).map(g -> {
            g.hide(reason, clock.instant());
            audit.record(admin, AuditAction.GENERATION_HIDDEN, "generation", id, "visible", "hidden", reason);
            return true;
        }).orElse(false);
    }

    @Transactional
    public boolean unhide(Actor admin, long id, String reason) {
        return generations.findById(id).map(g -> {
            g.unhide();
            audit.record(admin, AuditAction.GENERATION_UNHIDDEN, "generation", id, "hidden", "visible", reason);
            return true;
        }).orElse(false);
    }

    /** Hides every one of {@code ids} with one reason, audited one by one; all or nothing. */
    @Transactional
    public BulkChange hideAll(Actor admin, Collection<Long> ids, String reason) {
        Instant at = clock.instant();
        return changeAll(ids, g -> !g.hidden(), g -> {
            g.hide(reason, at);
            audit.record(admin, AuditAction.GENERATION_HIDDEN, "generation", g.id(), "visible", "hidden", reason);
        });
    }

    /** Shows every one of {@code ids} again, audited one by one with the reason; all or nothing. */
    @Transactional
    public BulkChange unhideAll(Actor admin, Collection<Long> ids, String reason) {
        return changeAll(ids, Generation::hidden, g -> {
            g.unhide();
            audit.record(admin, AuditAction.GENERATION_UNHIDDEN, "generation", g.id(), "hidden", "visible", reason);
        });
    }

    private BulkChange changeAll(Collection<Long> ids, Predicate<Generation> needsChange, Consumer<Generation> change) {
        Set<Long> wanted = new TreeSet<>(ids);
        List<Generation> found = generations.findPage(wanted);
        if (found.size() < wanted.size()) {
            found.forEach(g -> wanted.remove(g.id()));
            throw new UnknownGenerations(List.copyOf(wanted));
        }
        List<Generation> changing = found.stream().filter(needsChange).sorted(Comparator.comparing(Generation::id)).toList();
        changing.forEach(change);
        return new BulkChange(changing.size(), found.size() - changing.size());
    }

    @Transactional
    public boolean delete(Actor admin, long id, String reason) {
        return generations.findById(id).map(g -> {
            String before = "owner=" + g.ownerId() + ", status=" + g.status() + ", prompt=" + Generation.truncate(g.toRequest().prompt(), 300);
            service.delete(g.ownerId(), id);
            audit.record(admin, AuditAction.GENERATION_DELETED, "generation", id, before, "deleted", reason);
            return true;
        }).orElse(false);
    }

    @Transactional(readOnly = true)
    public java.util.Optional<GenerationView> find(long id) {
        return generations.findById(id).map(g -> g.toView(images.findByGenerationIdOrderByPosition(id).stream().map(GenerationImage::id).toList()));
    }
}
