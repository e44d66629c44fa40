package studio.atelier.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.util.FileSystemUtils;

import studio.atelier.support.PackagedApp;

/**
 * A PostgreSQL 15 cluster of Debian's packaged server (package {@code postgresql-15}) in a folder of its own, with
 * the command-line tools an operator backs up with. The embedded PostgreSQL of the other tests ships no
 * {@code pg_dump}, and Debian's {@code pg_dump} 15 refuses to dump a newer server, so the backup drill needs a server
 * of the same version. initdb and postgres refuse to run as root, so under root (as in CI) the server runs as
 * {@code nobody}; the client tools run as the current user, over TCP, as an operator's would.
 */
final class DebianPostgres implements AutoCloseable {

    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final String SERVER_USER = "nobody";

    private final Path home;
    private final int port = PackagedApp.freePort();
    private final List<String> asServerUser = new ArrayList<>();

    private DebianPostgres() throws IOException {
        home = Files.createTempDirectory("atelier-pg15-");
        if ("root".equals(System.getProperty("user.name"))) {
            Files.setOwner(home, home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVER_USER));
            asServerUser.addAll(List.of("runuser", "-u", SERVER_USER, "--"));
        }
    }

    static boolean available() {
        return List.of("initdb", "pg_ctl", "postgres", "pg_dump", "pg_restore", "createdb", "dropdb").stream()
                .allMatch(tool -> Files.isExecutable(BIN.resolve(tool)));
    }

    /** initdb (trust on localhost, user {@code postgres}), then pg_ctl start on a free port. */
    static DebianPostgres start() throws IOException {
        DebianPostgres cluster = new DebianPostgres();
        Path data = cluster.home.resolve("data");
        cluster.serverCommand(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--locale=C");
        Files.writeString(data.resolve("postgresql.conf"), String.join("\n", "",
                "port = " + cluster.port,
                "listen_addresses = 'localhost'",
                "unix_socket_directories = '" + cluster.home + "'",
                "fsync = off", ""), StandardOpenOption.APPEND);
        cluster.serverCommand(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", cluster.home.resolve("server.log").toString(),
                "-w", "-t", "60", "start");
        return cluster;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /**
     * Runs one of the cluster's client tools with its arguments as a shell line would ({@code PGHOST}, {@code PGPORT}
     * and {@code PGUSER} set as an operator's environment would have them) and fails on a non-zero exit.
     */
    void tool(String name, String... arguments) {
        List<String> command = new ArrayList<>(List.of(BIN.resolve(name).toString()));
        command.addAll(List.of(arguments));
        run(command);
    }

    private void serverCommand(String... command) {
        List<String> line = new ArrayList<>(asServerUser);
        line.addAll(List.of(command));
        run(line);
    }

    private void run(List<String> command) {
        Path output = home.resolve("last-command.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()); // a file, not a pipe: pg_ctl's server keeps its inherited streams open
        builder.environment().putAll(Map.of("PGHOST", "localhost", "PGPORT", String.valueOf(port), "PGUSER", "postgres"));
        try {
            Process process = builder.start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end: " + Files.readString(output));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue() + ": "
                        + Files.readString(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** pg_ctl stop (fast: sessions end, nothing waits), then the cluster's folder goes. */
    @Override
    public void close() {
        try {
            serverCommand(BIN.resolve("pg_ctl").toString(), "-D", home.resolve("data").toString(), "-m", "fast", "-w", "stop");
        } finally {
            try {
                FileSystemUtils.deleteRecursively(home);
            } catch (IOException ignored) {
                // a temporary folder; the system cleans it up eventually
            }
        }
    }
}
