package studio.atelier.apikey;

/** The result of trying a key against its gateway, as a message code for the page plus the gateway's words. */
public record KeyCheckOutcome(boolean ok, String messageCode, String gatewayMessage) {
}
