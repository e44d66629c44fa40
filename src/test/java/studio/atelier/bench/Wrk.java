package studio.atelier.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code wrk} load generator (Debian package {@code wrk}) with this benchmark's script
 * ({@code src/test/resources/bench/atelier.lua}), which reports one parseable line of results.
 */
final class Wrk {

    private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\d+)");

    record Result(long requests, long durationUs, long p50Us, long p99Us, long maxUs, long s2xx, long s3xx, long s4xx, long s5xx,
            long socketErrors, long timeouts) {

        double perSecond() {
            return requests / (durationUs / 1e6);
        }

        double p50Ms() {
            return p50Us / 1000.0;
        }

        double p99Ms() {
            return p99Us / 1000.0;
        }
    }

    private Wrk() {
    }

    static boolean installed() {
        return Commands.installed("wrk");
    }

    /** The same URL (with the given headers) on every connection. */
    static Result fixed(String url, int threads, int connections, Duration duration, String... headers) {
        List<String> args = new ArrayList<>();
        for (String header : headers) {
            args.add("-H");
            args.add(header);
        }
        return run(url, threads, connections, duration, args, List.of());
    }

    /** The browsing mix of the script, one signed-in person after another from {@code people} (one line each). */
    static Result people(String baseUrl, int threads, int connections, Duration duration, Path people) {
        return run(baseUrl, threads, connections, duration, List.of(), List.of(people.toAbsolutePath().toString()));
    }

    /** Only thumbnails: each person's own, in turn, one signed-in person after another from {@code people}. */
    static Result thumbnails(String baseUrl, int threads, int connections, Duration duration, Path people) {
        return run(baseUrl, threads, connections, duration, List.of(), List.of(people.toAbsolutePath().toString(), "thumbnails"));
    }

    private static Result run(String url, int threads, int connections, Duration duration, List<String> wrkArgs, List<String> scriptArgs) {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + duration.toSeconds() + "s",
                // a slow answer under load is a slow answer, not a failure: wrk's default of 2 s would drop it from the latencies
                "--timeout", "30s", "-s", script().toString()));
        command.addAll(wrkArgs);
        command.add(url);
        if (!scriptArgs.isEmpty()) {
            command.add("--");
            command.addAll(scriptArgs);
        }
        try {
            Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!wrk.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
                throw new IllegalStateException("wrk failed: " + out);
            }
            return parse(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Result parse(String output) {
        String line = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("No RESULT line from wrk:\n" + output));
        Map<String, Long> f = new HashMap<>();
        Matcher m = FIELD.matcher(line);
        while (m.find()) {
            f.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return new Result(f.get("requests"), f.get("duration_us"), f.get("p50_us"), f.get("p99_us"), f.get("max_us"), f.get("s2xx"),
                f.get("s3xx"), f.get("s4xx"), f.get("s5xx"), f.get("socket_errors"), f.get("timeouts"));
    }

    private static Path script() {
        try {
            return Path.of(Wrk.class.getResource("/bench/atelier.lua").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
