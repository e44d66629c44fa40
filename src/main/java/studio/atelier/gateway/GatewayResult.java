package studio.atelier.gateway;

import java.time.Duration;

/** The outcome of one gateway call: never an exception, so callers handle both paths explicitly. */
public sealed interface GatewayResult permits GatewayResult.Success, GatewayResult.Failure {

    Duration latency();

    record Success(GatewayReply reply, Duration latency) implements GatewayResult {
    }

    /**
     * {@code httpStatus} is null when no response arrived. {@code gatewayMessage} is the gateway's own message
     * (often Chinese, ending in {@code (request id: ...)}), at most 2000 characters, or null.
     * {@code retryAfter} comes from a Retry-After header, else null.
     */
    record Failure(GatewayErrorKind kind, Integer httpStatus, String gatewayMessage, String gatewayCode,
            Duration retryAfter, Duration latency) implements GatewayResult {

        public static final int MAX_MESSAGE_LENGTH = 2000;

        public Failure {
            if (kind == null) {
                throw new IllegalArgumentException("kind is required");
            }
            if (gatewayMessage != null && gatewayMessage.length() > MAX_MESSAGE_LENGTH) {
                gatewayMessage = gatewayMessage.substring(0, MAX_MESSAGE_LENGTH);
            }
        }

        public static Failure of(GatewayErrorKind kind, Duration latency) {
            return new Failure(kind, null, null, null, null, latency);
        }

        public Failure withLatency(Duration newLatency) {
            return new Failure(kind, httpStatus, gatewayMessage, gatewayCode, retryAfter, newLatency);
        }
    }
}
