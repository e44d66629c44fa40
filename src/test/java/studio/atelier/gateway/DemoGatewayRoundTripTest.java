package studio.atelier.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The demo gateway served by the whole app on a real servlet container and called by the real client: /demo/v1/**
 * needs no login and no CSRF, like a real gateway, but answers only the calls this node makes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"atelier.upstream.demo.delay=300ms"})
@ActiveProfiles("test")
class DemoGatewayRoundTripTest {

    @LocalServerPort
    int port;

    @Autowired
    ProviderCatalog providers;

    @Autowired
    GatewayClient client;

    /** The demo provider as this node's generations call it. */
    private GatewayEndpoint demo() {
        return providers.find(ProviderCatalog.DEMO_ID).orElseThrow().endpoint();
    }

    @Test
    void anyoneElseOnTheNetworkIsRefusedWithoutAPainting() throws Exception {
        GatewayEndpoint outside = GatewayEndpoint.chat("http://localhost:" + port + "/demo/v1", Duration.ofSeconds(20));
        GatewayResult result = client.complete(outside, "any-key", ChatRequest.of("stable-diffusion", "free CPU?"), null)
                .get(30, TimeUnit.SECONDS);
        assertThat(result).isInstanceOfSatisfying(GatewayResult.Failure.class, failure -> {
            assertThat(failure.httpStatus()).isEqualTo(403);
            assertThat(failure.gatewayCode()).isEqualTo("demo_pass_required");
        });
        assertThat(client.checkKey(outside, "any-key").get(10, TimeUnit.SECONDS).ok()).isFalse();
    }

    @Test
    void streamedGenerationWithProgress() throws Exception {
        List<String> progress = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();

        GatewayResult result = client.complete(demo(), "any-key", ChatRequest.of("demo-watercolor", "山间小屋").withStream(true),
                progress::add).get(30, TimeUnit.SECONDS);

        assertThat(result).isInstanceOf(GatewayResult.Success.class);
        GatewayReply reply = ((GatewayResult.Success) result).reply();
        assertThat(reply.images()).singleElement().satisfies(image -> assertThat(image.mimeType()).isEqualTo("image/png"));
        assertThat(reply.usage()).isNotNull();
        assertThat(reply.model()).isEqualTo("demo-watercolor");
        assertThat(progress).containsExactly("排队中..", "🎨 生成中...", "进度 25%", "进度 50%", "进度 75%", "进度 100%");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void plainGenerationAndKeyCheck() throws Exception {
        GatewayResult result = client.complete(demo(), "any-key", ChatRequest.of("stable-diffusion", "a red kite").withN(3),
                null).get(30, TimeUnit.SECONDS);
        assertThat(((GatewayResult.Success) result).reply().images()).hasSize(3);

        assertThat(client.checkKey(demo(), "any-key").get(10, TimeUnit.SECONDS).models())
                .contains("stable-diffusion", "demo-watercolor");
        assertThat(client.checkKey(demo(), "").get(10, TimeUnit.SECONDS).ok()).isFalse();
    }

    @Test
    void badRequestsComeBackAsRefusedRequests() throws Exception {
        GatewayResult result = client.complete(demo(), "any-key", ChatRequest.of("stable-diffusion", "x").withN(9), null)
                .get(30, TimeUnit.SECONDS);
        assertThat(result).isInstanceOfSatisfying(GatewayResult.Failure.class, failure -> {
            assertThat(failure.kind()).isEqualTo(GatewayErrorKind.REQUEST_REFUSED);
            assertThat(failure.httpStatus()).isEqualTo(400);
            assertThat(failure.gatewayMessage()).startsWith("n must be between 1 and 4");
        });
    }

}
