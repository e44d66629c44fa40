package studio.atelier.demo.web;

import org.springframework.http.HttpStatus;

/** A call the demo refuses, answered in the OpenAI error shape a real gateway uses. */
final class DemoRejection extends RuntimeException {

    final HttpStatus status;
    final String type;
    final String code;
    String param = "";
    Long retryAfterSeconds;

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
