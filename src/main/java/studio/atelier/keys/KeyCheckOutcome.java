package studio.atelier.keys;

import studio.atelier.gateway.GatewayErrorKind;

/**
 * The result of trying a key against its gateway, as a message code for the page plus the gateway's words; the kind of
 * error when it failed with one.
 */
public record KeyCheckOutcome(boolean ok, String messageCode, String gatewayMessage, GatewayErrorKind errorKind)
        implements java.io.Serializable { // a flash attribute: kept in the session, in the database

    /** The gateway refused the key itself, rather than failing to answer. */
    public boolean rejected() {
        return !ok && errorKind == GatewayErrorKind.KEY_REJECTED;
    }
}
