package studio.atelier.generation.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AddressGuardTest {

    private final AddressGuard guard = new AddressGuard();

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource({
            "http://127.0.0.1/, BLOCKED_ADDRESS",
            "http://127.1.2.3:8080/x, BLOCKED_ADDRESS",
            "http://localhost/, BLOCKED_ADDRESS",
            "http://LOCALHOST./, BLOCKED_ADDRESS",
            "http://[::1]/, BLOCKED_ADDRESS",
            "http://10.0.0.5/, BLOCKED_ADDRESS",
            "http://192.168.1.1/, BLOCKED_ADDRESS",
            "http://172.16.0.1/, BLOCKED_ADDRESS",
            "http://172.31.255.255/, BLOCKED_ADDRESS",
            "http://169.254.169.254/latest/meta-data, BLOCKED_ADDRESS",
            "http://metadata.google.internal/computeMetadata/v1/, BLOCKED_ADDRESS",
            "http://[::ffff:127.0.0.1]/, BLOCKED_ADDRESS",
            "http://[::ffff:a9fe:a9fe]/, BLOCKED_ADDRESS",
            "http://[64:ff9b::a00:1]/, BLOCKED_ADDRESS",
            "http://[2002:c0a8:101::1]/, BLOCKED_ADDRESS",
            "http://[fc00::1]/, BLOCKED_ADDRESS",
            "http://[fd12:3456::1]/, BLOCKED_ADDRESS",
            "http://[fe80::1]/, BLOCKED_ADDRESS",
            "http://[ff02::1]/, BLOCKED_ADDRESS",
            "http://[::]/, BLOCKED_ADDRESS",
            "http://0.0.0.0/, BLOCKED_ADDRESS",
            "http://100.64.0.1/, BLOCKED_ADDRESS",
            "http://100.127.255.254/, BLOCKED_ADDRESS",
            "http://224.0.0.1/, BLOCKED_ADDRESS",
            "http://255.255.255.255/, BLOCKED_ADDRESS",
            "file:///etc/passwd, BAD_SCHEME",
            "ftp://x/, BAD_SCHEME",
            "gopher://example.com:70/_GET, BAD_SCHEME",
            "jar:http://example.com/a.jar!/, BAD_SCHEME",
            "/relative/path.png, BAD_SCHEME",
            "http:///no-host, BAD_SCHEME",
    })
    void refusesInternalTargets(String url, AddressRefused.Why why) {
        assertThatThrownBy(() -> guard.check(URI.create(url), false))
                .isInstanceOfSatisfying(AddressRefused.class, e -> assertThat(e.why()).isEqualTo(why));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://93.184.216.34/x.png", "https://8.8.8.8/image.webp", "http://100.128.0.1/",
            "http://172.32.0.1/", "https://[2606:4700:4700::1111]/a.png"})
    void letsPublicAddressesThrough(String url) {
        assertThat(guard.check(URI.create(url), false)).isNotEmpty();
    }

    @Test
    void privateNetworkMayBeAllowedForLocalGateways() {
        assertThatCode(() -> guard.check(URI.create("http://192.168.1.20:8080/v1/images/1.png"), true))
                .doesNotThrowAnyException();
        assertThatCode(() -> guard.check(URI.create("http://localhost:11434/x.png"), true))
                .doesNotThrowAnyException();
    }

    @Test
    void cloudMetadataStaysBlockedEvenOnThePrivateNetwork() {
        assertThatThrownBy(() -> guard.check(URI.create("http://169.254.169.254/latest/meta-data"), true))
                .isInstanceOfSatisfying(AddressRefused.class,
                        e -> assertThat(e.why()).isEqualTo(AddressRefused.Why.BLOCKED_ADDRESS));
        assertThatThrownBy(() -> guard.check(URI.create("http://metadata.google.internal/"), true))
                .isInstanceOf(AddressRefused.class);
        assertThatThrownBy(() -> guard.check(URI.create("http://[fd00:ec2::254]/"), true))
                .isInstanceOf(AddressRefused.class);
    }

    @Test
    void aHostWithOnePrivateRecordAmongPublicOnesIsRefused() throws UnknownHostException {
        InetAddress publicAddress = InetAddress.getByName("93.184.216.34");
        InetAddress privateAddress = InetAddress.getByName("10.1.2.3");
        AddressGuard rebinding = new AddressGuard(host -> new InetAddress[] {publicAddress, privateAddress}, Set.of());

        assertThatThrownBy(() -> rebinding.check(URI.create("https://images.example.com/a.png"), false))
                .isInstanceOfSatisfying(AddressRefused.class,
                        e -> assertThat(e.why()).isEqualTo(AddressRefused.Why.BLOCKED_ADDRESS));
    }

    @Test
    void unresolvableHostIsReportedAsSuch() {
        AddressGuard noDns = new AddressGuard(host -> {
            throw new UnknownHostException(host);
        }, Set.of());
        assertThatThrownBy(() -> noDns.check(URI.create("https://nowhere.example/a.png"), false))
                .isInstanceOfSatisfying(AddressRefused.class, e -> {
                    assertThat(e.why()).isEqualTo(AddressRefused.Why.UNKNOWN_HOST);
                    assertThat(e.messageKey()).isEqualTo("generation.address.refused.unknown-host");
                });
    }

    @Test
    void aTrustedAuthorityIsExemptOnlyOnItsOwnPort() {
        AddressGuard trusting = new AddressGuard(InetAddress::getAllByName, Set.of("127.0.0.1:8089"));
        assertThat(trusting.check(URI.create("http://127.0.0.1:8089/a.png"), false)).isNotEmpty();
        assertThatThrownBy(() -> trusting.check(URI.create("http://127.0.0.1:8090/a.png"), false))
                .isInstanceOf(AddressRefused.class);
    }
}
