package studio.atelier.demo.web;

import java.time.Instant;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

import studio.atelier.demo.DemoPass;
import studio.atelier.demo.DemoSettings;
import studio.atelier.demo.painting.DemoPainter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An offline gateway served by the app itself, so a new user can generate before owning a real key. It behaves like
 * a One API / New API reseller (see {@link DemoReplies}); replies are sent after {@link DemoSettings#delay()} by
 * {@link DemoStream}.
 */
@RestController
@RequestMapping("/demo/v1")
class DemoGatewayController {

    /** Keys starting with this are refused like a revoked key would be by a real gateway. */
    static final String REVOKED_KEY_PREFIX = "revoked";

    private static final MediaType EVENT_STREAM = MediaType.valueOf("text/event-stream;charset=UTF-8");

    private final DemoSettings settings;
    private final DemoDoor door;
    private final JsonMapper json = JsonMapper.builder().build();
    private final DemoReplies replies;
    private final DemoStream stream;

    DemoGatewayController(DemoSettings settings, @Qualifier("demoGatewayThreads") TaskScheduler threads) {
        this.settings = settings;
        this.door = new DemoDoor(settings.callsPerMinute());
        DemoPainter painter = new DemoPainter();
        this.replies = new DemoReplies(json, painter);
        this.stream = new DemoStream(threads, replies, settings.delay());
        if (settings.enabled()) {
            threads.schedule(painter::warmUp, Instant.now());
        }
    }

    @GetMapping("/models")
    ResponseEntity<String> models(@RequestHeader(value = "Authorization", required = false) String authorization,
            @RequestHeader(value = DemoPass.HEADER, required = false) String pass) {
        checkEnabledAndKey(authorization, pass);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(replies.models());
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
            stream.events(call, emitter);
            return ResponseEntity.ok().contentType(EVENT_STREAM).header("Cache-Control", "no-cache").body(emitter);
        }
        stream.completion(call, emitter);
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
        ResponseEntity.BodyBuilder response = ResponseEntity.status(rejection.status).contentType(MediaType.APPLICATION_JSON);
        if (rejection.retryAfterSeconds != null) {
            response.header("Retry-After", String.valueOf(rejection.retryAfterSeconds));
        }
        return response.body(replies.error(rejection));
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
        if (token.substring(7).strip().toLowerCase(Locale.ROOT).startsWith(REVOKED_KEY_PREFIX)) {
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
}
