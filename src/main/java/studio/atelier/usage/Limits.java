package studio.atelier.usage;

import java.math.BigDecimal;

/** Usage limits; a null limit is unlimited. */
public record Limits(Integer requestsPerDay, Integer imagesPerMonth, BigDecimal costPerMonth) {

    public static Limits unlimited() {
        return new Limits(null, null, null);
    }

    public boolean isUnlimited() {
        return requestsPerDay == null && imagesPerMonth == null && costPerMonth == null;
    }
}
