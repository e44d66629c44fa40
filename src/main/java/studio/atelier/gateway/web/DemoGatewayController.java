package studio.atelier.gateway.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

import studio.atelier.gateway.DemoPass;
import studio.atelier.gateway.DemoSettings;
import studio.atelier.gateway.internal.DemoPainter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An offline gateway served by the app itself, so a new user can generate before owning a real key. It behaves like
 * a One API / New API reseller: OpenAI error shapes, progress lines in the content, the picture as a markdown data-URI
 * image, {@code chat.completion.chunk} events when streaming. Replies are delayed by {@link DemoSettings#delay()}
 * on a scheduler, so a waiting demo generation holds no request thread.
 */
@RestController
@RequestMapping("/demo/v1")
class DemoGatewayController implements DisposableBean {

    /** Keys starting with this are refused like a revoked key would be by a real gateway. */
    static final String REVOKED_KEY_PREFIX = "revoked";

    static final List<String> MODELS = List.of("stable-diffusion", "demo-watercolor");
    private static final MediaType EVENT_STREAM = MediaType.valueOf("text/event-stream;charset=UTF-8");
    private static final List<String> PROGRESS = List.of("> 排队中..\n", "> 🎨 生成中...\n", "> 进度 **25%**\n",
            "> 进度 **50%**\n", "> 进度 **75%**\n", "> 进度 **100%**\n");
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DemoGatewayController.class);
    private static final int MAX_IMAGES = 4;

    private final DemoSettings settings;
    private final DemoDoor door;
    private final DemoPainter painter = new DemoPainter();
    private final JsonMapper json = JsonMapper.builder().build();
    private final ScheduledExecutorService scheduler;

    DemoGatewayController(DemoSettings settings) {
        this.settings = settings;
        this.door = new DemoDoor(settings.callsPerMinute());
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "demo-gateway");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.scheduler = executor;
        if (settings.enabled()) {
            // Java2D and ImageIO register JVM shutdown hooks when first used; first used during a shutdown they fail, and a
            // demo generation still running when the node is stopped would be lost. Painting once now also makes the
            // first real reply faster.
            scheduler.execute(() -> {
                try {
                    painter.paint("warm-up", 0);
                } catch (RuntimeException e) {
                    log.debug("Demo painter warm-up failed: {}", e.toString());
                }
            });
        }
    }

    @GetMapping("/models")
    ResponseEntity<String> models(@RequestHeader(value = "Authorization", required = false) String authorization,
            @RequestHeader(value = DemoPass.HEADER, required = false) String pass) {
        checkEnabledAndKey(authorization, pass);
        ObjectNode body = json.createObjectNode();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        for (String model : MODELS) {
            data.addObject().put("id", model).put("object", "model").put("created", 1_700_000_000L)
                    .put("owned_by", "atelier-demo");
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(body));
    }

    @PostMapping("/chat/completions")
    ResponseEntity<ResponseBodyEmitter> chatCompletions(
            @RequestHeader(value = "Authorization", required = false) String authorization,
            @RequestHeader(value = DemoPass.HEADER, required = false) String pass,
            @RequestBody(required = false) byte[] body) {
        checkEnabledAndKey(authorization, pass);
        door.countPainting();
        DemoCall call = DemoCall.read(readBody(body));
        ResponseBodyEmitter emitter = new ResponseBodyEmitter(settings.delay().toMillis() + 60_000);
        if (call.stream()) {
            streamReply(call, emitter);
            return ResponseEntity.ok().contentType(EVENT_STREAM).header("Cache-Control", "no-cache").body(emitter);
        }
        scheduler.schedule(replying(emitter, () -> send(emitter, json.writeValueAsBytes(completion(call)), true)),
                settings.delay().toMillis(), TimeUnit.MILLISECONDS);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(emitter);
    }

    /** Anything else under /demo/v1 answers like a relay does for an unknown route. */
    @RequestMapping("/**")
    ResponseEntity<String> unknownRoute(HttpServletRequest request) {
        throw new DemoRejection(HttpStatus.NOT_FOUND, "Invalid URL (" + request.getMethod() + " "
                + request.getRequestURI() + ")", "invalid_request_error", "");
    }

    @ExceptionHandler(DemoRejection.class)
    ResponseEntity<String> rejected(DemoRejection rejection) {
        ObjectNode body = json.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", rejection.getMessage() + " (request id: demo-" + hex(8) + ")");
        error.put("type", rejection.type);
        error.put("param", rejection.param);
        error.put("code", rejection.code);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(rejection.status).contentType(MediaType.APPLICATION_JSON);
        if (rejection.retryAfterSeconds != null) {
            response.header("Retry-After", String.valueOf(rejection.retryAfterSeconds));
        }
        return response.body(json.writeValueAsString(body));
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }

    private void checkEnabledAndKey(String authorization, String pass) {
        if (!settings.enabled()) {
            throw new DemoRejection(HttpStatus.NOT_FOUND, "The demo gateway is switched off", "invalid_request_error", "");
        }
        door.admit(pass);
        String token = authorization == null ? "" : authorization.strip();
        if (!token.regionMatches(true, 0, "Bearer ", 0, 7) || token.substring(7).isBlank()) {
            throw new DemoRejection(HttpStatus.UNAUTHORIZED,
                    "未提供令牌 / No API key: send Authorization: Bearer <any text>", "new_api_error", "invalid_api_key");
        }
        // So that a person (and the browser tests) can see what a refused key looks like without a real gateway.
        if (token.substring(7).strip().toLowerCase(java.util.Locale.ROOT).startsWith(REVOKED_KEY_PREFIX)) {
            throw new DemoRejection(HttpStatus.UNAUTHORIZED, "该令牌已被禁用 / This key has been revoked", "new_api_error", "");
        }
    }

    private JsonNode readBody(byte[] body) {
        if (body == null || body.length == 0) {
            throw DemoRejection.badRequest("Request body is empty", "");
        }
        try {
            JsonNode root = json.readTree(body);
            if (root == null || !root.isObject()) {
                throw DemoRejection.badRequest("Request body must be a JSON object", "");
            }
            return root;
        } catch (JacksonException e) {
            throw DemoRejection.badRequest("Request body is not valid JSON", "");
        }
    }

    private ObjectNode completion(DemoCall call) {
        String content = String.join("", PROGRESS) + "\n" + String.join("\n\n", imageMarkdown(call));
        ObjectNode root = envelope(call, "chat.completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        root.set("usage", usage(call));
        root.put("system_fingerprint", "fp_atelier_demo");
        return root;
    }

    /** Progress frames spread over the delay, then the images, the usage-only chunk and [DONE]. */
    private void streamReply(DemoCall call, ResponseBodyEmitter emitter) {
        ObjectNode base = envelope(call, "chat.completion.chunk");
        long step = settings.delay().toMillis() / PROGRESS.size();
        List<Frame> frames = new ArrayList<>();
        frames.add(new Frame(0, () -> List.of(chunk(base, delta("assistant", ""), null))));
        for (int i = 0; i < PROGRESS.size(); i++) {
            String line = PROGRESS.get(i);
            frames.add(new Frame(i == 0 ? 0 : step, () -> List.of(chunk(base, delta(null, line), null))));
        }
        frames.add(new Frame(settings.delay().toMillis() - step * (PROGRESS.size() - 1), () -> {
            List<byte[]> events = new ArrayList<>();
            List<String> images = imageMarkdown(call);
            for (int i = 0; i < images.size(); i++) {
                events.add(chunk(base, delta(null, (i == 0 ? "\n" : "\n\n") + images.get(i)), null));
            }
            events.add(chunk(base, json.createObjectNode(), "stop"));
            if (call.includeUsage()) {
                ObjectNode usageOnly = chunk(base);
                usageOnly.putArray("choices");
                usageOnly.set("usage", usage(call));
                events.add(event(usageOnly));
            }
            events.add("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            return events;
        }));
        play(emitter, frames, 0);
    }

    /** One frame at a time, each scheduled by the previous, so events can never overtake each other. */
    private void play(ResponseBodyEmitter emitter, List<Frame> frames, int index) {
        if (index == frames.size()) {
            emitter.complete();
            return;
        }
        Frame frame = frames.get(index);
        scheduler.schedule(replying(emitter, () -> {
            for (byte[] event : frame.events().get()) {
                if (!send(emitter, event, false)) {
                    return;
                }
            }
            play(emitter, frames, index + 1);
        }), Math.max(0, frame.gapMillis()), TimeUnit.MILLISECONDS);
    }

    /**
     * A scheduled task's exception is kept in its future, where nobody looks: the reply would then never end and the
     * caller wait for the emitter's timeout (painting during JVM shutdown, for one, fails with "Shutdown in progress").
     */
    private static Runnable replying(ResponseBodyEmitter emitter, Runnable reply) {
        return () -> {
            try {
                reply.run();
            } catch (RuntimeException e) {
                log.warn("The demo gateway could not reply: {}", e.toString());
                emitter.completeWithError(e);
            }
        };
    }

    private record Frame(long gapMillis, Supplier<List<byte[]>> events) {
    }

    private List<String> imageMarkdown(DemoCall call) {
        List<String> images = new ArrayList<>();
        for (int i = 0; i < call.n(); i++) {
            byte[] png = painter.paint(call.model() + "\n" + call.prompt(), i);
            images.add("![image_" + (i + 1) + "](data:image/png;base64," + Base64.getEncoder().encodeToString(png) + ")");
        }
        return images;
    }

    private ObjectNode envelope(DemoCall call, String object) {
        ObjectNode root = json.createObjectNode();
        root.put("id", "chatcmpl-demo-" + hex(12));
        root.put("object", object);
        root.put("created", Instant.now().getEpochSecond());
        root.put("model", call.model());
        return root;
    }

    private ObjectNode chunk(ObjectNode base) {
        ObjectNode chunk = base.deepCopy();
        chunk.put("system_fingerprint", "fp_atelier_demo");
        return chunk;
    }

    private byte[] chunk(ObjectNode base, ObjectNode delta, String finishReason) {
        ObjectNode chunk = chunk(base);
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return event(chunk);
    }

    private ObjectNode delta(String role, String content) {
        ObjectNode delta = json.createObjectNode();
        if (role != null) {
            delta.put("role", role);
        }
        delta.put("content", content);
        return delta;
    }

    private byte[] event(JsonNode chunk) {
        return ("data: " + json.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Image models bill per call; the token counts are synthetic, as on real relays. */
    private ObjectNode usage(DemoCall call) {
        int prompt = Math.max(1, (call.prompt().length() + 1) / 2);
        int completion = 20 + 85 * call.n();
        ObjectNode usage = json.createObjectNode();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        return usage;
    }

    /** Returns false once the client has gone; the remaining frames are then pointless. */
    private static boolean send(ResponseBodyEmitter emitter, byte[] bytes, boolean last) {
        try {
            emitter.send(bytes, MediaType.APPLICATION_OCTET_STREAM);
            if (last) {
                emitter.complete();
            }
            return true;
        } catch (IOException | IllegalStateException gone) {
            emitter.completeWithError(gone);
            return false;
        }
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** What the demo needs from a request, validated like a gateway would. */
    record DemoCall(String model, String prompt, int n, boolean stream, boolean includeUsage) {

        static DemoCall read(JsonNode root) {
            JsonNode messages = root.path("messages");
            if (!messages.isArray() || messages.isEmpty()) {
                throw DemoRejection.badRequest("messages is required and must not be empty", "messages");
            }
            String prompt = null;
            for (JsonNode message : messages) {
                if ("user".equals(message.path("role").asString(""))) {
                    prompt = textOf(message.path("content"));
                }
            }
            if (prompt == null || prompt.isBlank()) {
                throw DemoRejection.badRequest("A user message with the prompt is required", "messages");
            }
            if (isSet(root, "temperature") && isSet(root, "top_p")) {
                throw DemoRejection.badRequest("Use temperature or top_p, not both", "top_p");
            }
            int n = 1;
            if (isSet(root, "n")) {
                JsonNode nNode = root.get("n");
                if (!nNode.isIntegralNumber() || nNode.asLong() < 1 || nNode.asLong() > MAX_IMAGES) {
                    throw DemoRejection.badRequest("n must be between 1 and " + MAX_IMAGES, "n");
                }
                n = nNode.asInt();
            }
            String model = root.path("model").isString() && !root.path("model").stringValue().isBlank()
                    ? root.path("model").stringValue() : MODELS.get(0);
            boolean stream = root.path("stream").asBoolean(false);
            boolean includeUsage = root.path("stream_options").path("include_usage").asBoolean(false);
            return new DemoCall(model, prompt.strip(), n, stream, includeUsage);
        }

        private static boolean isSet(JsonNode root, String field) {
            JsonNode node = root.get(field);
            return node != null && !node.isNull();
        }

        private static String textOf(JsonNode content) {
            if (content.isString()) {
                return content.stringValue();
            }
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (part.path("text").isString()) {
                    text.append(part.path("text").stringValue()).append('\n');
                }
            }
            return text.toString();
        }
    }

    static final class DemoRejection extends RuntimeException {
        private final HttpStatus status;
        private final String type;
        private final String code;
        private String param = "";
        private Long retryAfterSeconds;

        DemoRejection(HttpStatus status, String message, String type, String code) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
            this.code = code;
        }

        static DemoRejection rateLimited(long retryAfterSeconds) {
            DemoRejection rejection = new DemoRejection(HttpStatus.TOO_MANY_REQUESTS,
                    "演示网关繁忙，请稍后再试 / The demo gateway is busy: too many paintings this minute", "rate_limit_error",
                    "rate_limit_exceeded");
            rejection.retryAfterSeconds = retryAfterSeconds;
            return rejection;
        }

        static DemoRejection badRequest(String message, String param) {
            DemoRejection rejection = new DemoRejection(HttpStatus.BAD_REQUEST, message, "invalid_request_error",
                    "invalid_value");
            rejection.param = param;
            return rejection;
        }
    }
}
