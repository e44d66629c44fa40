package studio.atelier.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server of its own on a fixed port with a data directory that survives a stop, so it can be stopped
 * and started again under a running application, the way a database restart looks from the outside.
 */
final class RestartablePostgres implements AutoCloseable {

    static final String DATABASE = "atelier";

    private final int port;
    private final Path dataDirectory;
    private EmbeddedPostgres server;

    RestartablePostgres(Path dataDirectory) {
        this.port = freePort();
        this.dataDirectory = dataDirectory;
    }

    /** Starts it (the first time: initialises the directory and creates the application's database). */
    synchronized RestartablePostgres start() {
        boolean fresh = server == null && !dataDirectory.resolve("postgresql.conf").toFile().exists();
        try {
            server = EmbeddedPostgres.builder().setPort(port).setDataDirectory(dataDirectory).setCleanDataDirectory(false).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (fresh) {
            try (var c = server.getPostgresDatabase().getConnection()) {
                c.createStatement().execute("create database " + DATABASE);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return this;
    }

    /** A fast shutdown: sessions are ended, the data stays. */
    synchronized void stop() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    /** A connection outside the application's pool, for the test's own look at the tables. */
    synchronized DataSource dataSource() {
        return server.getDatabase("postgres", DATABASE);
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // already stopped
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
