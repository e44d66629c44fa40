package studio.atelier.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The application's connection pool, counting the requests each thread sends to the database since it last took a
 * connection: every statement (or batch) and every commit or rollback. pgjdbc begins a transaction with its first
 * statement, so beginning costs none. Still a Hikari pool, so the application treats it as it would in production.
 */
public class RequestCountingPool extends HikariDataSource {

    private static final ThreadLocal<int[]> SINCE_CONNECTION = ThreadLocal.withInitial(() -> new int[1]);

    /** Requests this thread sent since it last took a connection. */
    static int sinceConnection() {
        return SINCE_CONNECTION.get()[0];
    }

    @Override
    public Connection getConnection() throws SQLException {
        SINCE_CONNECTION.get()[0] = 0;
        return counting(super.getConnection(), Connection.class);
    }

    private static <T> T counting(Object target, Class<T> type) {
        return type.cast(Proxy.newProxyInstance(RequestCountingPool.class.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            String name = method.getName();
            if (name.startsWith("execute") || name.equals("commit") || name.equals("rollback")) {
                SINCE_CONNECTION.get()[0]++;
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (name.equals("unwrap") || !(result instanceof Statement statement)) {
                return result;
            }
            return statement instanceof CallableStatement ? counting(statement, CallableStatement.class)
                    : statement instanceof PreparedStatement ? counting(statement, PreparedStatement.class) : counting(statement, Statement.class);
        }));
    }
}
