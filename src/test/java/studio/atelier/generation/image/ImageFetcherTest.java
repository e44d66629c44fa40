package studio.atelier.generation.image;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;

import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ImageFetcherTest {

    /** Chunked on purpose: no Content-Length, so only the streaming limit can stop an oversized body. */
    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")
                    .useChunkedTransferEncoding(Options.ChunkedEncodingPolicy.ALWAYS)
                    .notifier(new Slf4jNotifier(false)))
            .build();

    /** Sends real Content-Length headers, so an announced oversize can be refused before the body. */
    @RegisterExtension
    static WireMockExtension sizedServer = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")
                    .useChunkedTransferEncoding(Options.ChunkedEncodingPolicy.NEVER)
                    .notifier(new Slf4jNotifier(false)))
            .build();

    private static final int TWENTY_ONE_MB = 21 * 1024 * 1024;

    private final ImageFetcher fetcher = new ImageFetcher(new AddressGuard(), ImageProperties.defaults());

    private String url(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }

    @Test
    void downloadsAndInspectsAnImage() {
        byte[] png = SampleImages.png(50, 20);
        server.stubFor(get("/a.png").willReturn(aResponse().withHeader("Content-Type", "image/png").withBody(png)));

        FetchedImage fetched = fetcher.fetch(url("/a.png"), true);

        assertThat(fetched.bytes()).isEqualTo(png);
        assertThat(fetched.image()).isEqualTo(new InspectedImage(ImageFormat.PNG, 50, 20));
    }

    @Test
    void trustsTheBytesNotTheContentType() {
        server.stubFor(get("/lie.png").willReturn(aResponse().withHeader("Content-Type", "image/png")
                .withBody("<html><body>Sign in</body></html>")));
        server.stubFor(get("/real.bin").willReturn(aResponse().withHeader("Content-Type", "text/plain")
                .withBody(SampleImages.jpeg(8, 8))));

        assertRejected(() -> fetcher.fetch(url("/lie.png"), true), ImageRejected.Reason.NOT_AN_IMAGE);
        assertThat(fetcher.fetch(url("/real.bin"), true).image().format()).isEqualTo(ImageFormat.JPEG);
    }

    @Test
    void withoutPrivateNetworkTheLocalServerIsNeverContacted() {
        server.stubFor(get("/a.png").willReturn(aResponse().withBody(SampleImages.png(4, 4))));

        assertRejected(() -> fetcher.fetch(url("/a.png"), false), ImageRejected.Reason.BLOCKED_ADDRESS);
        server.verify(0, getRequestedFor(urlEqualTo("/a.png")));
    }

    @Test
    void refusesNonHttpSchemes() {
        assertRejected(() -> fetcher.fetch("file:///etc/passwd", true), ImageRejected.Reason.BAD_SCHEME);
        assertRejected(() -> fetcher.fetch("not a url", true), ImageRejected.Reason.BAD_SCHEME);
    }

    @Test
    void chunkedBodyOverTheLimitIsCutOffWhileStreaming() throws Exception {
        byte[] huge = Arrays.copyOf(SampleImages.png(4, 4), TWENTY_ONE_MB);
        server.stubFor(get("/huge.png").willReturn(aResponse().withBody(huge)));

        assertRejected(() -> fetcher.fetch(url("/huge.png"), true), ImageRejected.Reason.TOO_LARGE);
        assertThat(headersOf(url("/huge.png")).firstValue("Content-Length"))
                .as("the test server must stream without announcing a length").isEmpty();
    }

    @Test
    void announcedOversizeIsRefused() throws Exception {
        byte[] huge = Arrays.copyOf(SampleImages.png(4, 4), TWENTY_ONE_MB);
        sizedServer.stubFor(get("/huge.png").willReturn(aResponse().withBody(huge)));

        assertRejected(() -> fetcher.fetch("http://127.0.0.1:" + sizedServer.getPort() + "/huge.png", true),
                ImageRejected.Reason.TOO_LARGE);
        assertThat(headersOf("http://127.0.0.1:" + sizedServer.getPort() + "/huge.png").firstValueAsLong("Content-Length"))
                .hasValue(TWENTY_ONE_MB);
    }

    @Test
    void bodyJustAtTheLimitIsReadAndThenJudgedByItsContent() {
        ImageProperties small = new ImageProperties(ImageProperties.defaults().storageRoot(),
                org.springframework.util.unit.DataSize.ofKilobytes(64), 8192, 40_000_000, 384,
                Duration.ofSeconds(10), Duration.ofSeconds(60), 3);
        ImageFetcher strict = new ImageFetcher(new AddressGuard(), small);
        byte[] exactly = Arrays.copyOf(SampleImages.png(4, 4), 64 * 1024);
        byte[] oneMore = Arrays.copyOf(SampleImages.png(4, 4), 64 * 1024 + 1);
        server.stubFor(get("/exact.png").willReturn(aResponse().withBody(exactly)));
        server.stubFor(get("/one-more.png").willReturn(aResponse().withBody(oneMore)));

        assertThat(strict.fetch(url("/exact.png"), true).bytes()).hasSize(64 * 1024);
        assertRejected(() -> strict.fetch(url("/one-more.png"), true), ImageRejected.Reason.TOO_LARGE);
    }

    @Test
    void missingImageIsAnHttpStatusFailure() {
        server.stubFor(get("/gone.png").willReturn(aResponse().withStatus(404).withBody("not found")));

        assertThatThrownBy(() -> fetcher.fetch(url("/gone.png"), true))
                .isInstanceOfSatisfying(ImageRejected.class, e -> {
                    assertThat(e.reason()).isEqualTo(ImageRejected.Reason.HTTP_STATUS);
                    assertThat(e.messageKey()).isEqualTo("generation.image.rejected.http-status");
                    assertThat(e.messageArguments()).containsExactly(404);
                });
    }

    @Test
    void failureMessagesForLogsLeaveOutSignedQueryAndCredentials() {
        server.stubFor(get(urlEqualTo("/gone.png?sig=SECRET")).willReturn(aResponse().withStatus(410)));

        assertThatThrownBy(() -> fetcher.fetch("http://user:PASSWORD@127.0.0.1:" + server.getPort()
                + "/gone.png?sig=SECRET", true))
                .isInstanceOf(ImageRejected.class)
                .hasMessageContaining("/gone.png")
                .hasMessageNotContaining("SECRET")
                .hasMessageNotContaining("PASSWORD");
    }

    @Test
    void slowServerTimesOut() {
        ImageFetcher impatient = new ImageFetcher(new AddressGuard(),
                ImageProperties.defaults().withDownloadTimeout(Duration.ofMillis(500)));
        server.stubFor(get("/slow.png").willReturn(aResponse().withBody(SampleImages.png(4, 4)).withFixedDelay(5_000)));

        long started = System.nanoTime();
        assertRejected(() -> impatient.fetch(url("/slow.png"), true), ImageRejected.Reason.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void dribblingBodyTimesOutToo() {
        ImageFetcher impatient = new ImageFetcher(new AddressGuard(),
                ImageProperties.defaults().withDownloadTimeout(Duration.ofMillis(700)));
        // Headers arrive at once, the body trickles over 5 s: only the whole-download deadline catches this.
        server.stubFor(get("/dribble.png").willReturn(aResponse().withBody(SampleImages.png(64, 64))
                .withChunkedDribbleDelay(20, 5_000)));

        long started = System.nanoTime();
        assertRejected(() -> impatient.fetch(url("/dribble.png"), true), ImageRejected.Reason.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void followsUpToThreeRedirects() {
        server.stubFor(get("/r1").willReturn(aResponse().withStatus(302).withHeader("Location", "/r2")));
        server.stubFor(get("/r2").willReturn(aResponse().withStatus(301).withHeader("Location", url("/r3"))));
        server.stubFor(get("/r3").willReturn(aResponse().withStatus(307).withHeader("Location", "final.png")));
        server.stubFor(get("/final.png").willReturn(aResponse().withBody(SampleImages.gif(3, 3))));

        assertThat(fetcher.fetch(url("/r1"), true).image()).isEqualTo(new InspectedImage(ImageFormat.GIF, 3, 3));
    }

    @Test
    void refusesAFourthRedirect() {
        server.stubFor(get("/loop").willReturn(aResponse().withStatus(302).withHeader("Location", "/loop")));

        assertRejected(() -> fetcher.fetch(url("/loop"), true), ImageRejected.Reason.TOO_MANY_REDIRECTS);
        server.verify(4, getRequestedFor(urlEqualTo("/loop")));
    }

    @Test
    void redirectToCloudMetadataIsRefusedEvenOnThePrivateNetwork() {
        server.stubFor(get("/to-metadata").willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://169.254.169.254/latest/meta-data/iam/security-credentials/")));

        assertRejected(() -> fetcher.fetch(url("/to-metadata"), true), ImageRejected.Reason.BLOCKED_ADDRESS);
    }

    @Test
    void everyRedirectHopIsCheckedAgain() {
        // The guard trusts exactly this test server, as if it were a public host; the private hop behind it must still fail.
        AddressGuard trustsOnlyThisServer = new AddressGuard(InetAddress::getAllByName,
                Set.of("127.0.0.1:" + server.getPort()));
        ImageFetcher guarded = new ImageFetcher(trustsOnlyThisServer, ImageProperties.defaults());
        server.stubFor(get("/ok.png").willReturn(aResponse().withBody(SampleImages.png(2, 2))));
        server.stubFor(get("/to-lan").willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://10.0.0.5/admin")));
        server.stubFor(get("/to-other-port").willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://127.0.0.1:" + (server.getPort() + 1) + "/x.png")));
        server.stubFor(get("/to-file").willReturn(aResponse().withStatus(302)
                .withHeader("Location", "file:///etc/passwd")));

        assertThat(guarded.fetch(url("/ok.png"), false).image().format()).isEqualTo(ImageFormat.PNG);
        assertRejected(() -> guarded.fetch(url("/to-lan"), false), ImageRejected.Reason.BLOCKED_ADDRESS);
        assertRejected(() -> guarded.fetch(url("/to-other-port"), false), ImageRejected.Reason.BLOCKED_ADDRESS);
        assertRejected(() -> guarded.fetch(url("/to-file"), false), ImageRejected.Reason.BAD_SCHEME);
    }

    @Test
    void connectionFailureIsANetworkError() {
        // Port 1 on loopback is closed on any sane test machine.
        assertRejected(() -> fetcher.fetch("http://127.0.0.1:1/a.png", true), ImageRejected.Reason.NETWORK);
    }

    /** What the test server really sends, seen by a plain client, so each test provably exercises its path. */
    private static HttpHeaders headersOf(String url) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .headers();
    }

    private static void assertRejected(ThrowableAssert.ThrowingCallable call, ImageRejected.Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ImageRejected.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }
}
