package studio.atelier.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import studio.atelier.support.PostgresTest;

/** Statements offered by listeners go out with the leading one, in one request to PostgreSQL, and read their own results. */
@PostgresTest
class SameRequestTest {

    @Autowired
    DataSource pool;

    final AtomicInteger requests = new AtomicInteger();
    JdbcTemplate jdbc;
    TransactionTemplate tx;

    @BeforeEach
    void countingRequests() {
        DataSource counted = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> wrap(invoke(pool, method, args)));
        jdbc = new JdbcTemplate(counted);
        tx = new TransactionTemplate(new DataSourceTransactionManager(counted));
        jdbc.execute("create table if not exists same_request_probe (id int, note varchar(40))");
        jdbc.execute("truncate same_request_probe");
        requests.set(0);
    }

    private Object wrap(Object result) {
        if (result instanceof Connection connection) {
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> wrap(invoke(connection, method, args)));
        }
        if (result instanceof java.sql.Statement statement) {
            Class<?> type = statement instanceof PreparedStatement ? PreparedStatement.class : java.sql.Statement.class;
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
                if (method.getName().startsWith("execute")) {
                    requests.incrementAndGet();
                }
                return invoke(statement, method, args);
            });
        }
        return result;
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void offersGoWithTheLeadingStatementInOneRequestAndReadTheirOwnResultsInOrder() {
        List<String> seen = new ArrayList<>();
        Integer lead = tx.execute(status -> {
            SameRequest request = SameRequest.open();
            assertThat(SameRequest.offer("insert into same_request_probe values (:id, :note); update same_request_probe set note = :again "
                    + "where id = :id", new MapSqlParameterSource("id", 1).addValue("note", "first").addValue("again", "first, again"),
                    statement -> {
                        statement.getMoreResults();
                        seen.add("insert " + statement.getUpdateCount());
                        statement.getMoreResults();
                        seen.add("update " + statement.getUpdateCount());
                        return () -> seen.add("after the request, " + jdbc.queryForObject("select count(*) from same_request_probe", Integer.class));
                    })).isTrue();
            assertThat(SameRequest.offer("update same_request_probe set id = :to where id = :from",
                    new MapSqlParameterSource("to", 2).addValue("from", 1), statement -> {
                        statement.getMoreResults();
                        seen.add("moved " + statement.getUpdateCount());
                        return null;
                    })).isTrue();
            int sent = request.send(jdbc, "select count(*) from same_request_probe where id = ?", statement -> {
                statement.setInt(1, 1);
                return 1;
            }, rs -> rs.next() ? rs.getInt(1) : -1);
            assertThat(requests.get()).as("one request for all three, then one for the follow-up").isEqualTo(2);
            assertThat(SameRequest.offer("select 1", new MapSqlParameterSource(), statement -> null)).as("sent: too late").isFalse();
            return sent;
        });
        assertThat(lead).as("the leading statement ran first: nothing was there yet").isZero();
        assertThat(seen).containsExactly("insert 1", "update 1", "moved 1", "after the request, 1");
        assertThat(jdbc.queryForObject("select id || ' ' || note from same_request_probe", String.class)).isEqualTo("2 first, again");
    }

    @Test
    void withoutAnOpenRequestOffersAreRefusedAndTheListenerWritesAsUsual() {
        assertThat(SameRequest.offer("select 1", new MapSqlParameterSource(), statement -> null)).as("no transaction").isFalse();
        tx.executeWithoutResult(status -> assertThat(SameRequest.offer("select 1", new MapSqlParameterSource(), statement -> null))
                .as("a transaction without a request").isFalse());
        assertThatThrownBy(SameRequest::open).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void whatWasOfferedIsUndoneWithItsTransaction() {
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
            SameRequest request = SameRequest.open();
            SameRequest.offer("insert into same_request_probe values (:id, 'undone')", new MapSqlParameterSource("id", 3), statement -> null);
            request.send(jdbc, "select 1", statement -> 0, rs -> null);
            throw new IllegalStateException("the leading change did not apply");
        })).hasMessage("the leading change did not apply");
        assertThat(jdbc.queryForObject("select count(*) from same_request_probe", Integer.class)).isZero();
        tx.executeWithoutResult(status -> assertThat(SameRequest.offer("select 1", new MapSqlParameterSource(), statement -> null))
                .as("the next transaction starts without the old request").isFalse());
    }

    @Test
    void aTransactionStartedInsideDoesNotSendWithTheOuterRequestAndALeadMustReturnRows() {
        TransactionTemplate inner = new TransactionTemplate(tx.getTransactionManager());
        inner.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        tx.executeWithoutResult(status -> {
            SameRequest request = SameRequest.open();
            inner.executeWithoutResult(own -> assertThat(SameRequest.offer("select 1", new MapSqlParameterSource(), statement -> null))
                    .as("inside a transaction of its own").isFalse());
            assertThat(SameRequest.offer("insert into same_request_probe values (4, 'outer')", new MapSqlParameterSource(),
                    statement -> null)).as("back in the outer transaction").isTrue();
            assertThatThrownBy(() -> request.send(jdbc, "update same_request_probe set note = 'x' where id = -1", statement -> 0, rs -> null))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("must return rows");
        });
    }
}
