package studio.atelier.shared;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What other modules write about a change, sent in the same request as the change itself. PostgreSQL runs the
 * statements of one request in order, in the transaction, so what listeners would have sent on their own costs no round
 * trip of its own. The module making the change opens a request, publishes its event (its listeners {@link #offer}
 * their statements instead of sending them), then {@link #send}s its statement followed by theirs; each offer then
 * reads its own results. Only on PostgreSQL (H2 takes one statement at a time): the module opening one knows which
 * database it runs on. Without an open request an offer is refused and the listener writes as it always did.
 */
public final class SameRequest {

    /**
     * Reads an offered statement's results. The statement stands on the result before the offer's own: call
     * {@link Statement#getMoreResults()} once for each statement offered, then read it.
     *
     * @return what to do once the request is read (in the same transaction), or null
     */
    @FunctionalInterface
    public interface Results {
        Runnable read(Statement statement) throws SQLException;
    }

    /** Binds the leading statement's parameters, from the first. */
    @FunctionalInterface
    public interface Binder {
        /** @return how many parameters it bound */
        int bind(PreparedStatement statement) throws SQLException;
    }

    private record Offer(String sql, Object[] arguments, Results results) {
    }

    private final List<Offer> offers = new ArrayList<>();
    private boolean sent;

    private SameRequest() {
    }

    /** Opens a request for the current transaction; offers made until it is sent go with it. */
    public static SameRequest open() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("A request to share is opened inside a transaction");
        }
        SameRequest request = new SameRequest();
        TransactionSynchronizationManager.bindResource(SameRequest.class, request);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            // a transaction started inside (REQUIRES_NEW) must not send its statements with this one's request
            @Override
            public void suspend() {
                TransactionSynchronizationManager.unbindResourceIfPossible(SameRequest.class);
            }

            @Override
            public void resume() {
                TransactionSynchronizationManager.bindResource(SameRequest.class, request);
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(SameRequest.class);
            }
        });
        return request;
    }

    /**
     * Adds a statement (several, separated by semicolons, are fine) to the request open in this transaction.
     *
     * @return false when none is open or it was sent already: send it yourself
     */
    public static boolean offer(String sql, SqlParameterSource parameters, Results results) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()
                || !(TransactionSynchronizationManager.getResource(SameRequest.class) instanceof SameRequest open) || open.sent) {
            return false;
        }
        ParsedSql parsed = NamedParameterUtils.parseSqlStatement(sql);
        open.offers.add(new Offer(NamedParameterUtils.substituteNamedParameters(parsed, parameters),
                NamedParameterUtils.buildValueArray(parsed, parameters, null), results));
        return true;
    }

    /**
     * Sends {@code sql} (a statement that returns rows, which {@code lead} reads), followed by everything offered, in one
     * request; then lets each offer read its results and runs what they left to do.
     */
    public <T> T send(JdbcTemplate jdbc, String sql, Binder bind, ResultSetExtractor<T> lead) {
        sent = true;
        StringBuilder all = new StringBuilder(sql);
        offers.forEach(offer -> all.append("; ").append(offer.sql()));
        List<Runnable> after = new ArrayList<>();
        T value = jdbc.execute(all.toString(), (PreparedStatementCallback<T>) statement -> {
            int index = bind.bind(statement);
            for (Offer offer : offers) {
                for (Object argument : offer.arguments()) {
                    if (argument instanceof SqlParameterValue typed) {
                        StatementCreatorUtils.setParameterValue(statement, ++index, typed, typed.getValue());
                    } else {
                        StatementCreatorUtils.setParameterValue(statement, ++index, SqlTypeValue.TYPE_UNKNOWN, argument);
                    }
                }
            }
            if (!statement.execute()) {
                throw new IllegalStateException("The leading statement of a shared request must return rows");
            }
            T read;
            try (ResultSet first = statement.getResultSet()) {
                read = lead.extractData(first);
            }
            for (Offer offer : offers) {
                Runnable then = offer.results().read(statement);
                if (then != null) {
                    after.add(then);
                }
            }
            return read;
        });
        after.forEach(Runnable::run);
        return value;
    }
}
