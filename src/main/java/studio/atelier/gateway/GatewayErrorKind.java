package studio.atelier.gateway;

/** Why a gateway call failed, in terms a user can act on. Each kind has a message in {@code i18n/upstream}. */
public enum GatewayErrorKind {
    /** 401: key invalid, missing, expired or used up. */
    KEY_REJECTED("upstream.error.key-rejected"),
    /** 402 or 403: account out of quota or the key may not use this model. */
    QUOTA_OR_MODEL_FORBIDDEN("upstream.error.quota-or-model-forbidden"),
    /** 404 without an API's error object (or a redirect / web page instead of the API): the base URL is wrong. */
    WRONG_BASE_URL("upstream.error.wrong-base-url"),
    /** 429. */
    RATE_LIMITED("upstream.error.rate-limited"),
    /** 500, 502 and any other unexpected 5xx status. */
    GATEWAY_ERROR("upstream.error.gateway-error"),
    /** One API / New API's "no channel serves this model" (无可用渠道), whatever the status. */
    MODEL_UNAVAILABLE("upstream.error.model-unavailable"),
    /** Code {@code model_not_found}: the gateway does not offer the model asked for. */
    MODEL_NOT_FOUND("upstream.error.model-not-found"),
    /** Any other 4xx (400, 413, 422, a 404 with an error object ...): the gateway refused this request as sent. */
    REQUEST_REFUSED("upstream.error.request-refused"),
    /** 503 (or 529) without a channel message: overloaded or down for maintenance. */
    GATEWAY_UNAVAILABLE("upstream.error.gateway-unavailable"),
    CONNECT_FAILED("upstream.error.connect-failed"),
    /** No answer in time, or 408/504: the gateway gave up waiting. */
    TIMEOUT("upstream.error.timeout"),
    /** 200 but the body is not a reply we can read. */
    MALFORMED_REPLY("upstream.error.malformed-reply"),
    EMPTY_CHOICES("upstream.error.empty-choices"),
    /** An error object inside a 200 event stream that says nothing more specific. */
    STREAM_ERROR("upstream.error.stream-error"),
    CANCELLED("upstream.error.cancelled");

    private final String messageKey;

    GatewayErrorKind(String messageKey) {
        this.messageKey = messageKey;
    }

    public String messageKey() {
        return messageKey;
    }
}
