package studio.atelier.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real load balancer in front of packaged nodes: Debian's nginx ({@code .ci/run} installs it), round-robin, no
 * sticky sessions, configured as the README's "Running several nodes" section shows. Every answer carries
 * {@code X-Atelier-Node} (the node's address), so a test can tell which node served it. Its files (configuration,
 * access and error logs) are under {@code target/balancer/}.
 */
public final class Balancer implements AutoCloseable {

    public static final String NODE_HEADER = "X-Atelier-Node";
    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("HHmmss-SSS");

    private final Process process;
    private final Path dir;
    private final int port;

    private Balancer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "balancer-reaper"));
    }

    public static boolean available() {
        return Files.isExecutable(NGINX);
    }

    /** Starts nginx on a free port of 127.0.0.1 in front of the given node ports. */
    public static Balancer start(List<Integer> nodePorts) {
        int port = PackagedApp.freePort();
        try {
            Path dir = Files.createDirectories(Path.of("target", "balancer", LocalDateTime.now().format(STAMP)).toAbsolutePath());
            Files.createDirectories(dir.resolve("tmp"));
            Files.writeString(dir.resolve("nginx.conf"), configuration(dir, port, nodePorts));
            Process process = new ProcessBuilder(NGINX.toString(), "-e", dir.resolve("error.log").toString(), "-p", dir.toString(),
                    "-c", dir.resolve("nginx.conf").toString()).redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile())
                    .start();
            Balancer balancer = new Balancer(process, dir, port);
            balancer.awaitListening();
            return balancer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The port of the node that answered (the last one, when nginx had to try another), or -1 when none could. */
    public static int nodePort(HttpResponse<?> response) {
        String addresses = response.headers().firstValue(NODE_HEADER).orElseThrow(() -> new AssertionError(
                "no " + NODE_HEADER + " header: " + response.statusCode() + " " + response.uri()));
        String last = addresses.substring(addresses.lastIndexOf(',') + 1).trim();
        // without a live node nginx names the upstream group instead of an address (and answers 502 itself)
        return last.matches(".*:\\d+") ? Integer.parseInt(last.substring(last.lastIndexOf(':') + 1)) : -1;
    }

    public String describeLogs() {
        try {
            return "balancer error log " + dir.resolve("error.log") + ":\n" + Files.readString(dir.resolve("error.log"));
        } catch (IOException e) {
            return "balancer logs in " + dir;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static String configuration(Path dir, int port, List<Integer> nodePorts) {
        String servers = nodePorts.stream().map(p -> "        server 127.0.0.1:" + p + " max_fails=1 fail_timeout=3s;")
                .collect(Collectors.joining("\n"));
        String temp = dir.resolve("tmp").toString();
        // As root, nginx would hand its workers to "nobody", who may not write the temporary folders here.
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        return user + """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                events { worker_connections 512; }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %2$s/body;
                    proxy_temp_path %2$s/proxy;
                    fastcgi_temp_path %2$s/fastcgi;
                    uwsgi_temp_path %2$s/uwsgi;
                    scgi_temp_path %2$s/scgi;
                    client_max_body_size 20m;
                    upstream atelier {
                %3$s
                    }
                    server {
                        listen 127.0.0.1:%4$d;
                        location / {
                            proxy_pass http://atelier;
                            proxy_set_header Host $http_host;
                            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                            proxy_set_header X-Forwarded-Proto $scheme;
                            proxy_next_upstream error timeout http_502 http_503;
                            proxy_connect_timeout 2s;
                            proxy_read_timeout 120s;
                            proxy_buffering off;
                            add_header %5$s $upstream_addr always;
                        }
                    }
                }
                """.formatted(dir, temp, servers, port, NODE_HEADER);
    }

    private void awaitListening() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + "; " + describeLogs());
            }
            try {
                client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/nginx-is-up")).build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (ConnectException notYet) {
                sleepBriefly();
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("nginx did not listen on " + port + " within 20 s; " + describeLogs());
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
