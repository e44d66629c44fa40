package studio.atelier.generation.image;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps server-side requests away from the application's own network (SSRF). A URL passes only if it
 * is http(s) and every address its host resolves to is public; checking all records matters because
 * the HTTP client may pick any of them.
 *
 * <p>Cloud metadata endpoints stay blocked even when a caller allows the private network: a self-hosted
 * gateway on the LAN is a legitimate need, handing out instance credentials never is.
 */
public final class AddressGuard {

    /** Name resolution, replaceable so tests can simulate DNS answers. */
    @FunctionalInterface
    interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final Set<String> BLOCKED_HOST_NAMES = Set.of(
            "localhost", "metadata", "metadata.google.internal", "instance-data", "instance-data.ec2.internal");

    private final HostResolver resolver;
    private final Set<String> trustedAuthorities;

    public AddressGuard() {
        this(InetAddress::getAllByName, Set.of());
    }

    /**
     * @param trustedAuthorities {@code host:port} pairs let through even when private (the
     *                           private-address rule still applies to every other host, redirects included)
     */
    AddressGuard(HostResolver resolver, Set<String> trustedAuthorities) {
        this.resolver = resolver;
        this.trustedAuthorities = Set.copyOf(trustedAuthorities);
    }

    /**
     * Checks the URL and returns the addresses that were found acceptable.
     *
     * @throws AddressRefused if the URL must not be requested
     */
    public List<InetAddress> check(URI uri, boolean allowPrivateNetwork) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new AddressRefused(AddressRefused.Why.BAD_SCHEME, "scheme not allowed: " + uri.getScheme());
        }
        String host = hostOf(uri);
        if (host == null || host.isEmpty()) {
            throw new AddressRefused(AddressRefused.Why.BAD_SCHEME, "URL has no host");
        }
        boolean trusted = trustedAuthorities.contains(host + ":" + effectivePort(uri, scheme));
        boolean privateAllowed = allowPrivateNetwork || trusted;
        if (isMetadataName(host) || (!privateAllowed && isInternalName(host))) {
            throw new AddressRefused(AddressRefused.Why.BLOCKED_ADDRESS, "host not allowed: " + host);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new AddressRefused(AddressRefused.Why.UNKNOWN_HOST, "cannot resolve " + host);
        }
        if (addresses.length == 0) {
            throw new AddressRefused(AddressRefused.Why.UNKNOWN_HOST, "no addresses for " + host);
        }
        for (InetAddress address : addresses) {
            if (isMetadataAddress(address) || (!privateAllowed && isInternal(address))) {
                throw new AddressRefused(AddressRefused.Why.BLOCKED_ADDRESS,
                        host + " resolves to a blocked address " + address.getHostAddress());
            }
        }
        return List.of(addresses);
    }

    /**
     * True for addresses a server must not be tricked into calling: loopback, private, link-local,
     * unique-local, CGNAT, multicast, unspecified, reserved and broadcast ranges, and IPv6 forms that
     * embed such an IPv4 address.
     */
    public static boolean isInternal(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] v6 = address.getAddress();
            Inet4Address embedded = embeddedIpv4(v6);
            if (embedded != null) {
                return isInternal(embedded);
            }
            return address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                    || address.isSiteLocalAddress() || address.isMulticastAddress()
                    || (v6[0] & 0xFE) == 0xFC; // fc00::/7 unique local
        }
        byte[] v4 = address.getAddress();
        int a = v4[0] & 0xFF;
        int b = v4[1] & 0xFF;
        return a == 0                                   // 0.0.0.0/8 "this network", includes 0.0.0.0
                || a == 10                              // 10/8
                || a == 127                             // loopback
                || (a == 100 && b >= 64 && b <= 127)    // 100.64/10 carrier-grade NAT
                || (a == 169 && b == 254)               // link-local and cloud metadata
                || (a == 172 && b >= 16 && b <= 31)     // 172.16/12
                || (a == 192 && b == 168)               // 192.168/16
                || (a == 192 && b == 0 && (v4[2] & 0xFF) == 0) // 192.0.0/24 protocol assignments
                || (a == 198 && (b == 18 || b == 19))   // 198.18/15 benchmarking
                || a >= 224;                            // multicast, reserved, broadcast
    }

    private static boolean isMetadataAddress(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            Inet4Address embedded = embeddedIpv4(bytes);
            if (embedded != null) {
                return isMetadataAddress(embedded);
            }
            // fd00:ec2::254, the IPv6 metadata endpoint of AWS
            return address.getHostAddress().equals("fd00:ec2:0:0:0:0:0:254");
        }
        return (bytes[0] & 0xFF) == 169 && (bytes[1] & 0xFF) == 254 && (bytes[2] & 0xFF) == 169
                && (bytes[3] & 0xFF) == 254;
    }

    /** IPv4 address carried inside IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 addresses. */
    private static Inet4Address embeddedIpv4(byte[] v6) {
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= v6[i] == 0;
        }
        boolean mapped = firstTenZero && v6[10] == (byte) 0xFF && v6[11] == (byte) 0xFF;
        boolean compatible = firstTenZero && v6[10] == 0 && v6[11] == 0
                && !(v6[12] == 0 && v6[13] == 0 && v6[14] == 0 && (v6[15] == 0 || v6[15] == 1)); // :: and ::1
        boolean nat64 = v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == (byte) 0xFF && v6[3] == (byte) 0x9B
                && allZero(v6, 4, 12);
        if (mapped || compatible || nat64) {
            return ipv4(v6[12], v6[13], v6[14], v6[15]);
        }
        boolean sixToFour = v6[0] == 0x20 && v6[1] == 0x02;
        if (sixToFour) {
            return ipv4(v6[2], v6[3], v6[4], v6[5]);
        }
        return null;
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Inet4Address ipv4(byte a, byte b, byte c, byte d) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {a, b, c, d});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String hostOf(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return null;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        host = host.toLowerCase(Locale.ROOT);
        // "localhost." is the same host as "localhost"
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    private static int effectivePort(URI uri, String scheme) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return scheme.equals("https") ? 443 : 80;
    }

    private static boolean isInternalName(String host) {
        return BLOCKED_HOST_NAMES.contains(host) || host.endsWith(".localhost") || host.endsWith(".internal")
                || host.endsWith(".local");
    }

    private static boolean isMetadataName(String host) {
        return host.equals("metadata.google.internal") || host.equals("metadata") || host.equals("instance-data")
                || host.equals("instance-data.ec2.internal");
    }
}
