package studio.atelier.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** An amount in a currency, shown with at least two and at most six decimals. */
public record Money(BigDecimal amount, String currency) {

    public static Money zero(String currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    public String display() {
        return plain(amount) + " " + currency;
    }

    static String plain(BigDecimal amount) {
        BigDecimal a = amount == null ? BigDecimal.ZERO : amount.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
        return a.setScale(Math.max(2, Math.max(0, a.scale())), RoundingMode.HALF_UP).toPlainString();
    }

    @Override
    public String toString() {
        return display();
    }
}
