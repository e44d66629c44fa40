package studio.atelier.usage;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A price an admin sets; it becomes a new version valid from {@code validFrom} (now when null). Null amounts are
 * zero; a null currency is the configured default.
 */
public record NewPrice(String providerId, String model, BigDecimal perCall, BigDecimal perImage, BigDecimal per1kTokens,
        BigDecimal failedCallCost, String currency, Instant validFrom) {
}
