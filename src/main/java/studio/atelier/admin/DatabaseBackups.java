package studio.atelier.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import studio.atelier.audit.Actor;
import studio.atelier.audit.AuditAction;
import studio.atelier.audit.AuditLog;
import studio.atelier.shared.AdminOnly;
import studio.atelier.shared.DataDirectory;
import studio.atelier.shared.DatabaseKind;

/**
 * Online backups of the default (H2) database: H2's own {@code BACKUP TO} writes a consistent copy of the database
 * files into a ZIP while the application keeps running, under {@code <data-dir>/backups}. PostgreSQL installations back
 * up with {@code pg_dump} instead (see the README), so there this offers nothing. Images and the master key are files
 * of their own and are backed up beside it (README, "Backups").
 */
@AdminOnly
@Service
public class DatabaseBackups {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final JdbcClient jdbc;
    private final Path folder;
    private final Clock clock;
    private final AuditLog audit;
    private final boolean h2;

    DatabaseBackups(JdbcClient jdbc, DataSource dataSource, DataDirectory dataDirectory, Clock clock, AuditLog audit)
            throws SQLException {
        this.jdbc = jdbc;
        this.folder = dataDirectory.resolve("backups");
        this.clock = clock;
        this.audit = audit;
        this.h2 = !DatabaseKind.isPostgres(dataSource);
    }

    /** Whether this database is backed up from the console (H2); PostgreSQL is backed up with its own tools. */
    public boolean online() {
        return h2;
    }

    /**
     * Writes {@code atelier-<UTC timestamp>.zip} and records who asked for it.
     *
     * @throws IllegalStateException on PostgreSQL
     */
    public Path backUp(Actor actor) {
        if (!h2) {
            throw new IllegalStateException("PostgreSQL is backed up with pg_dump");
        }
        Path file = folder.resolve("atelier-" + STAMP.format(clock.instant()) + ".zip");
        try {
            Files.createDirectories(folder);
            // a second backup within the same second replaces the first: both are consistent copies
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + file, e);
        }
        jdbc.sql("backup to '" + file.toString().replace("'", "''") + "'").update();
        audit.record(actor, AuditAction.DATABASE_BACKED_UP, "database", file.getFileName().toString(), null,
                size(file) + " bytes", null);
        return file;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
