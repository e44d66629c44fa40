package studio.atelier.generation;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One filter-to-SQL builder for every list of generations (the personal and team galleries, the administrators'
 * review): each condition given is added to the {@code where} clause with its parameter, each absent one is left out.
 */
final class GenerationConditions {

    private final StringBuilder sql;
    private final Map<String, Object> params = new HashMap<>();

    /** {@code select} must end in a {@code where} clause the conditions can be appended to. */
    GenerationConditions(String select) {
        this.sql = new StringBuilder(select);
    }

    GenerationConditions and(String clause) {
        sql.append(" and ").append(clause);
        return this;
    }

    GenerationConditions and(String clause, String name, Object value) {
        return with(name, value).and(clause);
    }

    /** A parameter the select or a clause names. */
    GenerationConditions with(String name, Object value) {
        params.put(name, value);
        return this;
    }

    GenerationConditions statusIn(Collection<GenerationStatus> statuses) {
        return statuses == null || statuses.isEmpty() ? this
                : and("status in (:statuses)", "statuses", statuses.stream().map(Enum::name).toList());
    }

    /** {@code column = :name} when there is a value to compare with. */
    GenerationConditions equal(String column, Object value) {
        if (value == null || value instanceof String s && s.isBlank()) {
            return this;
        }
        return and(column + " = :" + column, column, value);
    }

    /** Queued on or after the start of {@code from} and before the end of {@code to}, both UTC days, either open. */
    GenerationConditions queuedBetween(LocalDate from, LocalDate to) {
        if (from != null) {
            and("queued_at >= :from", "from", Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        if (to != null) {
            and("queued_at < :to", "to", Timestamp.from(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        return this;
    }

    /** The prompt contains {@code text}, whatever its case; {@code %} and {@code _} in it are plain characters. */
    GenerationConditions promptContains(String text) {
        if (text == null || text.isBlank()) {
            return this;
        }
        return and("prompt_search like :q escape '\\'", "q", "%" + escapeLike(text.trim().toLowerCase(Locale.ROOT)) + "%");
    }

    <T> List<T> query(JdbcClient jdbc, String orderAndLimit, RowMapper<T> rows) {
        return jdbc.sql(sql + " " + orderAndLimit).params(params).query(rows).list();
    }

    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
