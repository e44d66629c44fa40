package studio.atelier.keys;

import studio.atelier.gateway.Provider;

/**
 * A decrypted key on its way to the gateway, held only in memory for one call. {@link #toString()} hides the
 * secret so it cannot leak through logs or exception messages.
 */
public record UsableKey(long id, Provider provider, String secret) {

    @Override
    public String toString() {
        return "UsableKey[" + id + ", " + provider.id() + ", secret hidden]";
    }
}
