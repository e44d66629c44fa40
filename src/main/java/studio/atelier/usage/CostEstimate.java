package studio.atelier.usage;

/** The expected cost of a request before it is sent: price × n (plus tokens when the model is priced by tokens). */
public record CostEstimate(Money total, Money perImage, int images, Money per1kTokens, boolean pricedByTokens) {
}
