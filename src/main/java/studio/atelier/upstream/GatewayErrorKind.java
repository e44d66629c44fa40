package studio.atelier.upstream;

/** Why a gateway call failed, in terms a user can act on. Each kind has a message in {@code i18n/upstream}. */
public enum GatewayErrorKind {
    /** 401: key invalid, missing, expired or used up. */
    KEY_REJECTED("upstream.error.key-rejected"),
    /** 403: account out of quota or the key may not use this model. */
    QUOTA_OR_MODEL_FORBIDDEN("upstream.error.quota-or-model-forbidden"),
    /** 404 (or a redirect / web page instead of the API): the base URL is wrong. */
    WRONG_BASE_URL("upstream.error.wrong-base-url"),
    /** 429. */
    RATE_LIMITED("upstream.error.rate-limited"),
    /** 500, 502 and any other unexpected status. */
    GATEWAY_ERROR("upstream.error.gateway-error"),
    /** 503 or code {@code model_not_found}: no channel serves this model right now. */
    MODEL_UNAVAILABLE("upstream.error.model-unavailable"),
    CONNECT_FAILED("upstream.error.connect-failed"),
    TIMEOUT("upstream.error.timeout"),
    /** 200 but the body is not a reply we can read. */
    MALFORMED_REPLY("upstream.error.malformed-reply"),
    EMPTY_CHOICES("upstream.error.empty-choices"),
    /** An error object delivered inside a 200 event stream. */
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
