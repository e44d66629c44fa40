package studio.atelier.usage;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One version of a price for a provider's model ({@code model = "*"}: any model of that provider). {@code id} is
 * null for the built-in default (everything free) used when an admin has set no price.
 */
public record Price(Long id, String providerId, String model, BigDecimal perCall, BigDecimal perImage, BigDecimal per1kTokens,
        BigDecimal failedCallCost, String currency, Instant validFrom) {

    public static final String ANY_MODEL = "*";

    static Price free(String providerId, String model, String currency) {
        return new Price(null, providerId, model, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, currency, null);
    }

    /** What a finished call costs: a success pays per call, per image and per 1 000 tokens; anything else the failed-call cost. */
    BigDecimal costOf(boolean succeeded, int images, Integer totalTokens) {
        if (!succeeded) {
            return failedCallCost;
        }
        BigDecimal tokens = totalTokens == null ? BigDecimal.ZERO
                : per1kTokens.multiply(BigDecimal.valueOf(totalTokens)).divide(BigDecimal.valueOf(1000), 6, java.math.RoundingMode.HALF_UP);
        return perCall.add(perImage.multiply(BigDecimal.valueOf(images))).add(tokens).setScale(6, java.math.RoundingMode.HALF_UP);
    }

    /** What a request for {@code images} images is expected to cost before it is sent (tokens are not known yet). */
    BigDecimal estimate(int images) {
        return costOf(true, images, null);
    }

    public boolean pricedByTokens() {
        return per1kTokens.signum() > 0;
    }
}
