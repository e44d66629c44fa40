package studio.atelier.gateway;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.springframework.scheduling.TaskScheduler;

import studio.atelier.gateway.GatewayResult.Failure;
import studio.atelier.gateway.GatewayResult.Success;
import studio.atelier.gateway.internal.BodyReader;
import studio.atelier.gateway.internal.ByteCollector;
import studio.atelier.gateway.internal.ErrorMapper;
import studio.atelier.gateway.internal.Exchange;
import studio.atelier.gateway.internal.LineSplitter;
import studio.atelier.gateway.internal.ReplyParser;
import studio.atelier.gateway.internal.RequestBodies;
import studio.atelier.gateway.internal.SseReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to OpenAI-compatible image gateways. Fully asynchronous: a call holds no thread while the gateway works,
 * so hundreds of generations can be in flight. Every outcome is a value ({@link GatewayResult}, {@link KeyCheck});
 * the returned futures complete exceptionally only when cancelled.
 * The API key is sent in the Authorization header and nowhere else; it is also scrubbed from anything the gateway
 * echoes back, so no result, log line or exception carries it.
 */
public class GatewayClient {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private static final int ERROR_BODY_LIMIT = 1024 * 1024;
    private static final int MODELS_BODY_LIMIT = 8 * 1024 * 1024;
    private static final int MIN_SCRUBBED_KEY_LENGTH = 8;
    private static final String KEY_PLACEHOLDER = "[api key]";

    private final HttpClient http;
    private final JsonMapper json;
    private final ErrorMapper errors;
    private final ReplyParser parser;
    private final RequestBodies bodies;
    private final TaskScheduler watchdog;

    /**
     * @param httpThreads where the HTTP client sends requests and reads replies (a few threads of its own: reading never
     *                    blocks, and the JDK's default, a cached pool, wakes a parked thread for every step)
     * @param watchdog    where a reply's body that went silent is noticed (see {@link BodyReader})
     */
    public GatewayClient(Executor httpThreads, TaskScheduler watchdog) {
        this(HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                // HTTP/2 through the CDNs in front of resellers has broken long event streams; 1.1 is what they test.
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(httpThreads)
                .build(), watchdog);
    }

    public GatewayClient(HttpClient http, TaskScheduler watchdog) {
        this.http = Objects.requireNonNull(http, "http");
        this.watchdog = Objects.requireNonNull(watchdog, "watchdog");
        this.json = JsonMapper.builder().build();
        this.errors = new ErrorMapper(json, Clock.systemUTC());
        this.parser = new ReplyParser(json, errors);
        this.bodies = new RequestBodies(json);
    }

    /**
     * Sends one generation request. {@code listener} (may be null) receives progress lines of a streamed reply.
     * Cancelling the returned future aborts the HTTP exchange.
     */
    public CompletableFuture<GatewayResult> complete(GatewayEndpoint endpoint, String apiKey, ChatRequest request,
            ProgressListener listener) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(request, "request");
        long started = System.nanoTime();
        String key = usableKey(apiKey);
        if (key == null) {
            return CompletableFuture.completedFuture(Failure.of(GatewayErrorKind.KEY_REJECTED, Duration.ZERO));
        }
        boolean images = endpoint.style() == EndpointStyle.IMAGES_GENERATIONS;
        byte[] body = images ? bodies.imagesGenerations(request) : bodies.chatCompletions(request);
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.resolve(images ? "/images/generations" : "/chat/completions"));
        endpoint.headers().forEach(builder::header);
        HttpRequest httpRequest = builder
                .timeout(endpoint.timeout())
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        // Progress lines go to the page and the database while the call still runs, before the reply is scrubbed as a
        // whole, so a relay that quotes the key in its progress text must be scrubbed line by line.
        ProgressListener progress = listener == null ? ProgressListener.NONE : line -> listener.onProgress(scrub(line, key));
        Exchange<GatewayResult> exchange = new Exchange<>(http, httpRequest,
                info -> readerFor(info, endpoint, images, request.stream(), progress),
                errors::fromException);
        CompletableFuture<GatewayResult> outcome = exchange.start();
        CompletableFuture<GatewayResult> finished = outcome.thenApply(result -> scrub(stamp(result, started), key));
        // Cancelling what the caller holds must reach the exchange underneath.
        finished.whenComplete((result, error) -> {
            if (finished.isCancelled()) {
                outcome.cancel(true);
            }
        });
        return finished;
    }

    /**
     * Tests a key with {@code GET {base}/models}. A 404 means the gateway has no such route: the key could not be
     * disproved, so the check passes with no models.
     */
    public CompletableFuture<KeyCheck> checkKey(GatewayEndpoint endpoint, String apiKey) {
        Objects.requireNonNull(endpoint, "endpoint");
        String key = usableKey(apiKey);
        if (key == null) {
            return CompletableFuture.completedFuture(new KeyCheck(false, GatewayErrorKind.KEY_REJECTED, null, List.of()));
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.resolve("/models"));
        endpoint.headers().forEach(builder::header);
        HttpRequest httpRequest = builder
                .timeout(endpoint.timeout())
                .header("Authorization", "Bearer " + key)
                .header("Accept", "application/json")
                .GET()
                .build();
        Exchange<KeyCheck> exchange = new Exchange<>(http, httpRequest,
                info -> new BodyReader<>(new ByteCollector<>(MODELS_BODY_LIMIT,
                        bytes -> keyCheckFor(info, bytes, key)), endpoint.timeout(), watchdog,
                        () -> new KeyCheck(false, GatewayErrorKind.TIMEOUT, null, List.of())),
                error -> new KeyCheck(false, errors.fromException(error).kind(), null, List.of()));
        return exchange.start();
    }

    private BodyReader<GatewayResult> readerFor(HttpResponse.ResponseInfo info, GatewayEndpoint endpoint,
            boolean images, boolean stream, ProgressListener progress) {
        int status = info.statusCode();
        BodyReader.Sink<GatewayResult> sink;
        if (status / 100 != 2) {
            sink = new ByteCollector<>(ERROR_BODY_LIMIT, bytes -> errors.fromResponse(status, info.headers(), bytes));
        } else if (images) {
            sink = new ByteCollector<>(Integer.MAX_VALUE - 16, parser::parseImages);
        } else if (isEventStream(info, stream)) {
            SseReader sse = new SseReader(json, parser, errors, progress);
            sink = new LineSplitter<>(sse::acceptLine, sse::finish);
        } else {
            sink = new ByteCollector<>(Integer.MAX_VALUE - 16, bytes -> parseChatBody(bytes, progress));
        }
        return new BodyReader<>(sink, endpoint.timeout(), watchdog, () -> new Failure(GatewayErrorKind.TIMEOUT, status, null,
                null, null, null));
    }

    private static boolean isEventStream(HttpResponse.ResponseInfo info, boolean stream) {
        String contentType = info.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (contentType.contains("text/event-stream")) {
            return true;
        }
        return stream && !contentType.contains("json");
    }

    /** A JSON reply, or an event stream some relays send even when not asked to. */
    private GatewayResult parseChatBody(byte[] bytes, ProgressListener progress) {
        int first = 0;
        while (first < bytes.length && Character.isWhitespace(bytes[first])) {
            first++;
        }
        boolean looksLikeEvents = first < bytes.length && (bytes[first] == ':'
                || new String(bytes, first, Math.min(5, bytes.length - first), StandardCharsets.US_ASCII).equals("data:"));
        if (!looksLikeEvents) {
            return parser.parseChat(bytes);
        }
        SseReader sse = new SseReader(json, parser, errors, progress);
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r\n|\r|\n")) {
            GatewayResult decided = sse.acceptLine(line);
            if (decided != null) {
                return decided;
            }
        }
        return sse.finish();
    }

    private KeyCheck keyCheckFor(HttpResponse.ResponseInfo info, byte[] bytes, String key) {
        int status = info.statusCode();
        if (status == 404) {
            return new KeyCheck(true, null, null, List.of());
        }
        if (status / 100 != 2) {
            Failure failure = errors.fromResponse(status, info.headers(), bytes);
            return new KeyCheck(false, failure.kind(), scrub(failure.gatewayMessage(), key), List.of());
        }
        JsonNode root = parser.readObject(bytes);
        if (root == null) {
            // A web page instead of JSON: the base URL points at the gateway's website, usually without /v1.
            return new KeyCheck(false, GatewayErrorKind.WRONG_BASE_URL, null, List.of());
        }
        List<String> models = new ArrayList<>();
        for (JsonNode model : root.path("data")) {
            JsonNode id = model.path("id");
            if (id.isString() && !id.stringValue().isBlank()) {
                models.add(id.stringValue());
            }
        }
        return new KeyCheck(true, null, null, models);
    }

    /** Keys are pasted from web pages: surrounding blanks go; anything that cannot be a header value is refused. */
    private static String usableKey(String apiKey) {
        if (apiKey == null) {
            return null;
        }
        String key = apiKey.strip();
        if (key.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = key.substring(7).strip();
        }
        if (key.isEmpty()) {
            return null;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return null;
            }
        }
        return key;
    }

    private static GatewayResult stamp(GatewayResult result, long started) {
        Duration latency = Duration.ofNanos(System.nanoTime() - started);
        if (result instanceof Success success) {
            return new Success(success.reply(), latency);
        }
        return ((Failure) result).withLatency(latency);
    }

    private static GatewayResult scrub(GatewayResult result, String key) {
        if (key.length() < MIN_SCRUBBED_KEY_LENGTH) {
            return result;
        }
        if (result instanceof Failure failure) {
            return new Failure(failure.kind(), failure.httpStatus(), scrub(failure.gatewayMessage(), key),
                    scrub(failure.gatewayCode(), key), failure.retryAfter(), failure.latency());
        }
        Success success = (Success) result;
        GatewayReply reply = success.reply();
        if (!mentions(reply, key)) {
            return result;
        }
        List<GatewayReply.Choice> choices = new ArrayList<>();
        for (GatewayReply.Choice choice : reply.choices()) {
            choices.add(new GatewayReply.Choice(choice.index(), choice.role(), scrub(choice.content(), key),
                    scrub(choice.refusal(), key), choice.finishReason()));
        }
        List<String> progress = reply.progress().stream().map(line -> scrub(line, key)).toList();
        return new Success(new GatewayReply(reply.id(), reply.object(), reply.created(), reply.model(), choices,
                reply.usage(), reply.systemFingerprint(), reply.images(), scrub(reply.text(), key), progress,
                scrub(reply.redactedRawJson(), key)), success.latency());
    }

    private static boolean mentions(GatewayReply reply, String key) {
        return contains(reply.redactedRawJson(), key) || contains(reply.text(), key);
    }

    private static boolean contains(String text, String key) {
        return text != null && text.contains(key);
    }

    private static String scrub(String text, String key) {
        if (text == null || key.length() < MIN_SCRUBBED_KEY_LENGTH) {
            return text;
        }
        return text.replace(key, KEY_PLACEHOLDER);
    }
}
