package studio.atelier.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fake gateway that answers every chat completion after exactly {@code latency}, without holding a thread while
 * it waits, so that hundreds of calls can be in flight at once. The baseline of the benchmarks. The latency can be
 * changed between phases (a warm-up that should run many lone generations quickly).
 */
final class FixedLatencyGateway implements AutoCloseable {

    private final HttpServer server;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    private final ExecutorService handlers = Executors.newFixedThreadPool(64);
    private final byte[] reply;
    private volatile Duration latency;

    FixedLatencyGateway(Duration latency, String imageDataUri) throws IOException {
        this.latency = latency;
        String content = "> 进度 **100%**\\n\\n![image](" + imageDataUri + ")";
        this.reply = ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"stable-diffusion\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":10,\"total_tokens\":20}}")
                .getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
        server.setExecutor(handlers);
        server.createContext("/v1/models", exchange -> respond(exchange, "{\"data\":[{\"id\":\"stable-diffusion\"}]}".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            timer.schedule(() -> respond(exchange, reply), this.latency.toMillis(), TimeUnit.MILLISECONDS);
        });
        server.start();
    }

    void latency(Duration latency) {
        this.latency = latency;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private static void respond(HttpExchange exchange, byte[] body) {
        try {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        timer.shutdownNow();
        handlers.shutdownNow();
    }
}
