package studio.atelier.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

import studio.atelier.support.PackagedApp;

/**
 * The baseline for thumbnails: the very same file served as a plain static file, by nginx when it is installed
 * (a temporary configuration in the foreground, as the current user), otherwise by the JDK's own HTTP server.
 */
abstract class StaticFileBaseline implements AutoCloseable {

    static final String PATH = "/thumb.jpg";

    /** What serves the file, for the table. */
    abstract String name();

    abstract String url();

    @Override
    public abstract void close();

    static StaticFileBaseline start(Path file, Path workDir) throws IOException {
        Path root = Files.createDirectories(workDir.resolve("root"));
        Files.copy(file, root.resolve(PATH.substring(1)));
        StaticFileBaseline baseline = Commands.find("nginx").isPresent() ? new Nginx(Commands.find("nginx").get(), workDir)
                : new JdkServer(root.resolve(PATH.substring(1)));
        baseline.awaitServing();
        return baseline;
    }

    private void awaitServing() {
        HttpClient client = HttpClient.newHttpClient();
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(url())).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(name() + " does not serve " + url());
    }

    static final class Nginx extends StaticFileBaseline {

        private final Process process;
        private final int port = PackagedApp.freePort();

        Nginx(Path nginx, Path dir) throws IOException {
            for (String temp : new String[] {"body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
                Files.createDirectories(dir.resolve("tmp").resolve(temp));
            }
            // As root, workers would switch to "nobody"; they stay the current user instead, like the JVM under test.
            String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
            String conf = user + "daemon off;\nworker_processes 2;\npid " + dir.resolve("nginx.pid") + ";\n"
                    + "error_log " + dir.resolve("error.log") + " warn;\n"
                    + "events { worker_connections 1024; }\n"
                    + "http {\n  access_log off;\n  sendfile on;\n  types { image/jpeg jpg; }\n"
                    + "  client_body_temp_path " + dir.resolve("tmp/body") + ";\n  proxy_temp_path " + dir.resolve("tmp/proxy") + ";\n"
                    + "  fastcgi_temp_path " + dir.resolve("tmp/fastcgi") + ";\n  uwsgi_temp_path " + dir.resolve("tmp/uwsgi") + ";\n"
                    + "  scgi_temp_path " + dir.resolve("tmp/scgi") + ";\n"
                    + "  server {\n    listen 127.0.0.1:" + port + ";\n    root " + dir.resolve("root") + ";\n  }\n}\n";
            Path confFile = dir.resolve("nginx.conf");
            Files.writeString(confFile, conf, StandardCharsets.UTF_8);
            process = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", confFile.toString(), "-e",
                    dir.resolve("error.log").toString()).redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        }

        @Override
        String name() {
            return "nginx";
        }

        @Override
        String url() {
            return "http://127.0.0.1:" + port + PATH;
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
            }
        }
    }

    static final class JdkServer extends StaticFileBaseline {

        private final HttpServer server;
        private final ExecutorService threads = Executors.newFixedThreadPool(16);

        JdkServer(Path file) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
            server.setExecutor(threads);
            server.createContext(PATH, exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
                exchange.sendResponseHeaders(200, Files.size(file));
                try (OutputStream out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
            });
            server.start();
        }

        @Override
        String name() {
            return "JDK HttpServer (nginx not installed)";
        }

        @Override
        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
