package studio.atelier.gateway.internal;

import java.util.regex.Pattern;

import studio.atelier.gateway.GatewayErrorKind;
import tools.jackson.databind.JsonNode;

/**
 * What a gateway's error answer says, in the shapes seen in the wild: OpenAI's {@code {"error":{"message","type","code"}}},
 * One API / New API (the same, with Chinese messages and {@code type} {@code one_api_error}/{@code new_api_error}),
 * OpenRouter (numeric {@code code} equal to the HTTP status), LiteLLM ({@code {"error":"text"}} or a {@code code} like
 * {@code "401"}), top-level {@code {"code","message"}} or {@code {"detail"}}, and plain text.
 *
 * <p>The gateway's sentence is free text and changes between relay versions, so the kind is decided by {@code code},
 * {@code type} and the status; the one exception is One API / New API's "no channel serves this model", which
 * carries no code of its own and is recognised by its fixed wording.
 *
 * @param message the gateway's sentence, or null
 * @param code {@code error.code} or the top-level {@code code}, as text, or null
 * @param type {@code error.type}, or null
 * @param errorObject true when the body is an API's error answer: it is about the request, so an address that
 *     answers with one is not a wrong address
 */
record ErrorBody(String message, String code, String type, boolean errorObject) {

    private static final Pattern NO_CHANNEL = Pattern.compile(
            "(?i)无可用渠道|没有可用的?渠道|no available channels?|no channels? available");

    /** OpenAI's own answer for a path it does not serve, kept word for word by relays that copy its errors. */
    private static final Pattern NO_SUCH_PATH = Pattern.compile("^Invalid URL \\(");

    static ErrorBody of(JsonNode root) {
        JsonNode error = root.path("error");
        String message = error.isObject() ? JsonFields.text(error, "message") : JsonFields.text(error);
        if (message == null) {
            message = JsonFields.text(root, "message");
        }
        if (message == null) {
            message = JsonFields.text(root, "msg");
        }
        if (message == null) {
            message = JsonFields.text(root, "detail");
        }
        String code = error.isObject() ? JsonFields.text(error, "code") : JsonFields.text(root, "code");
        String type = error.isObject() ? JsonFields.text(error, "type") : null;
        return new ErrorBody(blankToNull(message), blankToNull(code), blankToNull(type), isApiError(root, error));
    }

    /**
     * An API's error answer rather than a web server's "no such page": an {@code error} object, LiteLLM's
     * {@code {"error": "text"}} or a top-level code with a message. Spring Boot's error page for an unknown path also has
     * {@code error} as text, next to the {@code path} that was not found; FastAPI's {@code {"detail": "Not Found"}} has
     * neither.
     */
    private static boolean isApiError(JsonNode root, JsonNode error) {
        return error.isObject() || error.isString() && !root.has("path")
                || root.hasNonNull("code") && root.hasNonNull("message");
    }

    static ErrorBody text(String message) {
        return new ErrorBody(message, null, null, false);
    }

    /** True when the answer is about the request as sent, not about the address it was sent to. */
    boolean aboutTheRequest() {
        return errorObject && (message == null || !NO_SUCH_PATH.matcher(message).find());
    }

    /** The kind the body alone decides, or null when only the status can tell. */
    GatewayErrorKind kind() {
        if (message != null && NO_CHANNEL.matcher(message).find()) {
            return GatewayErrorKind.MODEL_UNAVAILABLE;
        }
        GatewayErrorKind byCode = kindForName(code);
        return byCode != null ? byCode : kindForName(type);
    }

    /**
     * A numeric code in the HTTP status range (OpenRouter's {@code "code": 429}, LiteLLM's {@code "code": "401"}): what
     * the status would have been, for errors that arrive inside a 200 (an event stream, a 200 error body).
     */
    Integer statusHint() {
        if (code == null || !code.chars().allMatch(Character::isDigit) || code.length() != 3) {
            return null;
        }
        int status = Integer.parseInt(code);
        return status >= 400 && status <= 599 ? status : null;
    }

    /** OpenAI's codes and types, and those One API, New API, OpenRouter and LiteLLM use for the same cases. */
    private static GatewayErrorKind kindForName(String name) {
        if (name == null) {
            return null;
        }
        switch (name) {
            case "invalid_api_key":
            case "invalid_token":
            case "invalid_authentication":
            case "authentication_error":
            case "auth_error":
            case "account_deactivated":
                return GatewayErrorKind.KEY_REJECTED;
            case "insufficient_user_quota":
            case "insufficient_quota":
            case "billing_not_active":
            case "permission_error":
                return GatewayErrorKind.QUOTA_OR_MODEL_FORBIDDEN;
            case "model_not_found":
                return GatewayErrorKind.MODEL_NOT_FOUND;
            case "rate_limit_exceeded":
            case "rate_limit_error":
                return GatewayErrorKind.RATE_LIMITED;
            case "overloaded_error":
                return GatewayErrorKind.GATEWAY_UNAVAILABLE;
            default:
                return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
