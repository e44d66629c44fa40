package studio.atelier.usage;

import java.math.BigDecimal;

/** A person's usage in the current calendar month (admin users list). */
public record MonthUsage(long requests, long images, BigDecimal cost) {

    public static final MonthUsage NONE = new MonthUsage(0, 0, BigDecimal.ZERO);

    public String costText(String currency) {
        return new Money(cost, currency).display();
    }
}
