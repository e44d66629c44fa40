package studio.atelier.usage;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Streams one person's usage records as CSV (RFC 4180: CRLF line ends, fields with commas, quotes or line breaks
 * quoted, quotes doubled), UTF-8 with a byte-order mark so spreadsheet programs read Chinese prompts correctly.
 * Rows are fetched through a cursor (fetch size, inside a read-only transaction, which PostgreSQL needs for cursors)
 * and written as they arrive, so a large export never sits in memory.
 */
@Component
class CsvExport {

    static final String HEADER = "time_utc,provider,model,status,error_kind,prompt_tokens,completion_tokens,total_tokens,images,"
            + "cost,currency,latency_ms,generation_id,prompt";
    private static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
    private static final int FETCH_SIZE = 500;

    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    CsvExport(DataSource dataSource, PlatformTransactionManager transactions) {
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** For a team, a {@code member} column (who generated it) follows the time. */
    static final String TEAM_HEADER = HEADER.replaceFirst("time_utc,", "time_utc,member,");

    void write(UsageScope scope, Instant from, Instant to, java.util.function.LongFunction<String> names, OutputStream out) {
        try {
            out.write(BOM);
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 16 * 1024);
            writer.write(scope.isTeam() ? TEAM_HEADER : HEADER);
            java.util.Map<Long, String> memberNames = new java.util.HashMap<>();
            writer.write("\r\n");
            readOnly.executeWithoutResult(status -> streaming.query("select occurred_at, provider_id, model, status, error_kind, "
                            + "prompt_tokens, completion_tokens, total_tokens, image_count, cost, currency, upstream_latency_ms, "
                            + "generation_id, prompt, user_id from usage_record where " + scope.column() + " = ? and occurred_at >= ? "
                            + "and occurred_at < ? "
                            + "order by occurred_at, id",
                    rs -> {
                        try {
                            Object[] cells = { DateTimeFormatter.ISO_INSTANT.format(rs.getTimestamp(1).toInstant()), rs.getString(2),
                                    rs.getString(3), rs.getString(4), rs.getString(5), rs.getObject(6), rs.getObject(7), rs.getObject(8),
                                    rs.getInt(9), plain(rs.getBigDecimal(10)), rs.getString(11), rs.getObject(12), rs.getLong(13),
                                    rs.getString(14) };
                            if (scope.isTeam()) {
                                Object[] withMember = new Object[cells.length + 1];
                                withMember[0] = cells[0];
                                withMember[1] = memberNames.computeIfAbsent(rs.getLong(15), names::apply);
                                System.arraycopy(cells, 1, withMember, 2, cells.length - 1);
                                cells = withMember;
                            }
                            row(writer, cells);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }, scope.id(), Timestamp.from(from), Timestamp.from(to)));
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String plain(BigDecimal value) {
        return value == null ? "" : value.stripTrailingZeros().toPlainString();
    }

    private static void row(Writer w, Object... cells) throws IOException {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(cell(cells[i]));
        }
        w.write("\r\n");
    }

    /**
     * One field. Text that starts with {@code = + - @} (or a tab or carriage return) is prefixed with a single quote:
     * spreadsheet programs would otherwise run it as a formula (CSV formula injection — a prompt is text anyone can
     * type). Numbers are written by us and never prefixed.
     */
    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (value instanceof CharSequence && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
