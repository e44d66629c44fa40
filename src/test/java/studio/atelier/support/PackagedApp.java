package studio.atelier.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The application as it ships: {@code target/atelier-*.jar} (Spring Boot's repackaged jar, so {@code ./mvnw package}
 * must have run) started as a separate {@code java} process on a given PostgreSQL database and data directory, on a
 * free port of 127.0.0.1. Unlike a Spring test context it can be killed with SIGKILL and started again on the same
 * database, and its memory is its own. The process output goes to a file under {@code target/packaged-app/} that is
 * named in every failure.
 */
public final class PackagedApp implements AutoCloseable {

    private static final Pattern HEAP_LINE = Pattern.compile("total (\\d+)K, used (\\d+)K");
    /** Linux's USER_HZ: the unit of the CPU times in /proc, 100 on every common platform. */
    private static final long CLOCK_TICKS = 100;
    private static final DateTimeFormatter LOG_STAMP = DateTimeFormatter.ofPattern("HHmmss-SSS");

    /** What to start: the same settings can start the application again after it was killed. */
    public static final class Settings {

        private final String jdbcUrl;
        private final Path dataDir;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final String encryptionKey;
        private int providers;
        private int port;

        /**
         * @param encryptionKey base64 of 32 bytes; passed in the environment, as production does, and the same on
         *                      every start so that stored API keys can still be opened after a restart
         */
        public Settings(String jdbcUrl, Path dataDir, String encryptionKey) {
            this.jdbcUrl = jdbcUrl;
            this.dataDir = dataDir;
            this.encryptionKey = encryptionKey;
            // Only the configured gateways: the built-in demo provider would be one more choice on every form.
            property("atelier.upstream.demo.enabled", "false");
        }

        /**
         * An OpenAI-compatible gateway on this machine (so it may be reached on the local network). The first one
         * replaces the whole preset list of {@code application.properties}: Spring Boot replaces lists, it does not merge.
         */
        public Settings localGateway(String id, String baseUrl) {
            String prefix = "atelier.upstream.providers[" + providers++ + "].";
            property(prefix + "id", id);
            property(prefix + "name", id);
            property(prefix + "base-url", baseUrl);
            property(prefix + "models", "stable-diffusion");
            property(prefix + "allow-private-network", "true");
            return this;
        }

        public Settings property(String name, String value) {
            properties.put(name, value);
            return this;
        }

        /** A fixed port (a node behind a load balancer keeps its address across restarts); otherwise a free one. */
        public Settings port(int port) {
            this.port = port;
            return this;
        }

        public Settings jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }
    }

    /** Heap in use and reserved, in KiB, as the JVM reports it ({@code jcmd <pid> GC.heap_info}). */
    public record Heap(long usedKb, long committedKb) {
    }

    private final Process process;
    private final int port;
    private final Path log;
    private final long startedAt;
    private final Thread reaper;
    private volatile Duration startupTime;

    private PackagedApp(Process process, int port, Path log, long startedAt) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.startedAt = startedAt;
        // A failed or interrupted test run must not leave a server behind on the machine.
        this.reaper = new Thread(process::destroyForcibly, "packaged-app-reaper-" + process.pid());
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts the jar and waits until {@code /actuator/health} says UP (at most {@code timeout}). */
    public static PackagedApp start(String label, Settings settings, Duration timeout) {
        Path jar = jar();
        int port = settings.port > 0 ? settings.port : freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.awt.headless=true");
        command.addAll(settings.jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        command.add("--spring.datasource.url=" + settings.jdbcUrl);
        command.add("--spring.datasource.username=postgres");
        command.add("--spring.datasource.password=postgres");
        command.add("--atelier.data-dir=" + settings.dataDir.toAbsolutePath());
        settings.properties.forEach((name, value) -> command.add("--" + name + "=" + value));
        try {
            Path logs = Files.createDirectories(Path.of("target", "packaged-app"));
            Path log = logs.resolve(label + "-" + LocalDateTime.now().format(LOG_STAMP) + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("ATELIER_SECURITY_ENCRYPTION_KEY", settings.encryptionKey);
            long t0 = System.nanoTime();
            PackagedApp app = new PackagedApp(builder.start(), port, log, t0);
            app.awaitHealthy(timeout);
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new master key (base64 of 32 random bytes), for a test's nodes to share. */
    public static String randomEncryptionKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    /** The repackaged jar of this build (not the {@code .original} one Spring Boot keeps beside it). */
    public static Path jar() {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("atelier-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No target/atelier-*.jar: run ./mvnw package first"));
        } catch (IOException e) {
            throw new IllegalStateException("No target/ directory: run ./mvnw package first", e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The application exited with " + process.exitValue() + " while starting; "
                        + describeLog());
            }
            try {
                HttpResponse<String> response = client.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"")) {
                    startupTime = Duration.ofNanos(System.nanoTime() - startedAt);
                    return;
                }
            } catch (ConnectException | java.net.http.HttpConnectTimeoutException notListeningYet) {
                // still starting
            } catch (IOException e) {
                // a connection closed while Tomcat starts: try again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("The application did not report UP within " + timeout + "; " + describeLog());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** From starting the process to the first {@code UP} from {@code /actuator/health}. */
    public Duration startupTime() {
        return startupTime;
    }

    public Path logFile() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Resident memory of the process ({@code VmRSS} in {@code /proc/<pid>/status}), in KiB. */
    public long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            throw new IllegalStateException("No VmRSS for process " + pid());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * CPU time the process has used so far (user + system, {@code /proc/<pid>/stat}). On a shared machine the CPU a
     * run got, divided by what it served, says more than its wall-clock rate.
     */
    public Duration cpuTime() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
            // the command name in parentheses may contain spaces: fields are counted after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The heap now, summed over the collector's generations (one line for G1, two for the serial and parallel ones). */
    public Heap heap() {
        String info = jcmd("GC.heap_info");
        long used = 0;
        long committed = 0;
        for (String line : info.split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                break;
            }
            Matcher m = HEAP_LINE.matcher(line);
            if (m.find()) {
                committed += Long.parseLong(m.group(1));
                used += Long.parseLong(m.group(2));
            }
        }
        if (committed == 0) {
            throw new IllegalStateException("Could not read the heap from jcmd GC.heap_info:\n" + info);
        }
        return new Heap(used, committed);
    }

    /** A full collection ({@code jcmd <pid> GC.run}), so that {@link #heap()} then shows what is really kept. */
    public void collectGarbage() {
        jcmd("GC.run");
    }

    private String jcmd(String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(Files.exists(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid()), command)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: the JVM gets no chance to finish anything, as when a machine or container dies. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM: Spring's graceful shutdown; SIGKILL if it has not exited after {@code grace}. */
    public void stop(Duration grace) {
        process.destroy();
        if (!awaitExit(grace)) {
            kill();
        }
    }

    private boolean awaitExit(Duration timeout) {
        try {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (exited) {
                Runtime.getRuntime().removeShutdownHook(reaper);
            }
            return exited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IllegalStateException jvmAlreadyShuttingDown) {
            return true;
        }
    }

    /** The log file and its last lines, for failure messages. */
    public String describeLog() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "output in " + log.toAbsolutePath() + ", last lines:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "output in " + log.toAbsolutePath();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(20));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
