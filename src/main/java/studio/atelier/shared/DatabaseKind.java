package studio.atelier.shared;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

/** Which database the application runs on, for the few statements that differ (H2 by default, PostgreSQL in production). */
public final class DatabaseKind {

    private DatabaseKind() {
    }

    public static boolean isPostgres(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        }
    }
}
