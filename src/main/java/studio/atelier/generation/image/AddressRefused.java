package studio.atelier.generation.image;

import java.util.Locale;

/** {@link AddressGuard} refused to let the application connect to a URL. */
public final class AddressRefused extends RuntimeException {

    public enum Why {
        /** Not an absolute http(s) URL with a host. */
        BAD_SCHEME,
        /** The host is, or resolves to, a private, local or otherwise internal address. */
        BLOCKED_ADDRESS,
        /** The host name does not resolve. */
        UNKNOWN_HOST;

        public String messageKey() {
            return "generation.address.refused." + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Why why;

    AddressRefused(Why why, String detail) {
        super(why + ": " + detail);
        this.why = why;
    }

    public Why why() {
        return why;
    }

    public String messageKey() {
        return why.messageKey();
    }
}
