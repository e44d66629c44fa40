package studio.atelier.usage;

import java.math.BigDecimal;
import java.time.Instant;

/** One usage record: what one generation attempt used and cost. */
public record UsageRecordView(long id, long generationId, String providerId, String model, Long apiKeyId, String status,
        String errorKind, Integer promptTokens, Integer completionTokens, Integer totalTokens, int imageCount,
        Long upstreamLatencyMs, BigDecimal cost, String currency, Long priceVersionId, String prompt, Instant occurredAt) {

    public Money money() {
        return new Money(cost, currency);
    }
}
