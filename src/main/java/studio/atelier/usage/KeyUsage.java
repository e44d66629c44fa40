package studio.atelier.usage;

import java.math.BigDecimal;

/** What one stored API key was used for this month. */
public record KeyUsage(long requests, BigDecimal cost, String currency) {

    public String costText() {
        return new Money(cost, currency).display();
    }
}
