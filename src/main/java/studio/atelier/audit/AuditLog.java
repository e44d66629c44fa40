package studio.atelier.audit;

import java.io.IOException;
import java.io.Writer;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.shared.Csv;

/** Records and reads audit entries. Recording joins the caller's transaction: an action and its entry commit together. */
@Service
public class AuditLog {

    public static final int PAGE_SIZE = 50;

    private final AuditEntryRepository entries;
    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(AuditEntryRepository entries, JdbcClient jdbc, Clock clock) {
        this.entries = entries;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public void record(Actor actor, AuditAction action, String targetType, Object targetId, String before, String after,
            String reason) {
        entries.save(new AuditEntry(actor, action, targetType, targetId == null ? null : targetId.toString(), before, after, reason,
                clock.instant()));
    }

    /** Newest first; {@code beforeId} continues after the last entry of the previous page. */
    @Transactional(readOnly = true)
    public List<AuditView> page(AuditFilter filter, Long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("select * from audit_entry where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        where(filter, sql, params);
        if (beforeId != null) {
            sql.append(" and id < :beforeId");
            params.put("beforeId", beforeId);
        }
        sql.append(" order by id desc limit ").append(limit);
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> new AuditView(rs.getLong("id"),
                (Long) rs.getObject("actor_id", Long.class), rs.getString("actor_name"), rs.getString("action"),
                rs.getString("target_type"), rs.getString("target_id"), rs.getString("before_value"), rs.getString("after_value"),
                rs.getString("reason"), rs.getString("client_address"), rs.getTimestamp("occurred_at").toInstant())).list();
    }

    private static void where(AuditFilter filter, StringBuilder sql, Map<String, Object> params) {
        if (filter.action() != null && !filter.action().isBlank()) {
            sql.append(" and action = :action");
            params.put("action", filter.action());
        }
        if (filter.actor() != null && !filter.actor().isBlank()) {
            sql.append(" and lower(actor_name) = lower(:actor)");
            params.put("actor", filter.actor().trim());
        }
        if (filter.target() != null && !filter.target().isBlank()) {
            sql.append(" and target_id = :target");
            params.put("target", filter.target().trim());
        }
        if (filter.from() != null) {
            sql.append(" and occurred_at >= :from");
            params.put("from", Timestamp.from(filter.from().atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        if (filter.to() != null) {
            sql.append(" and occurred_at < :to");
            params.put("to", Timestamp.from(filter.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
    }

    /** RFC 4180 CSV, UTF-8 with BOM, streamed in pages so a long history never sits in memory. */
    @Transactional(readOnly = true)
    public void exportCsv(AuditFilter filter, Writer out) throws IOException {
        out.write('\uFEFF');
        out.write("time,actor,action,target_type,target_id,before,after,reason,client_address\r\n");
        Long before = null;
        while (true) {
            List<AuditView> page = page(filter, before, 1000);
            for (AuditView e : page) {
                out.write(String.join(",", Csv.cell(e.occurredAt().toString()), Csv.cell(e.actorName()), Csv.cell(e.action()),
                        Csv.cell(e.targetType()), Csv.cell(e.targetId()), Csv.cell(e.before()), Csv.cell(e.after()),
                        Csv.cell(e.reason()), Csv.cell(e.clientAddress())));
                out.write("\r\n");
            }
            if (page.size() < 1000) {
                break;
            }
            before = page.get(page.size() - 1).id();
        }
        out.flush();
    }
}
