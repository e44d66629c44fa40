package studio.atelier.shared;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address recorded for throttling and the audit trail. Behind a load balancer set
 * {@code server.forward-headers-strategy=native} so that {@code getRemoteAddr()} is already the client's.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        return address == null ? "unknown" : address.length() > 64 ? address.substring(0, 64) : address;
    }
}
