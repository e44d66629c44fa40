package studio.atelier.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

import javax.imageio.ImageIO;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;


/**
 * A local OpenAI-compatible gateway (WireMock) registered as provider {@code fake} (may reach the local network,
 * as a LAN gateway would) and {@code strict} (same address, but images must come from public addresses).
 */
public final class FakeGateway {

    public static final WireMockServer SERVER = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
            .containerThreads(60).asynchronousResponseEnabled(true));

    static {
        SERVER.start();
        Runtime.getRuntime().addShutdownHook(new Thread(SERVER::stop));
    }

    private FakeGateway() {
    }

    public static String base() {
        return "http://127.0.0.1:" + SERVER.port();
    }

    /** The provider properties; applied by {@link GatewayTest} so that every such test class shares one context. */
    public static String[] providerProperties() {
        return new String[] {
                "atelier.upstream.providers[0].id=fake",
                "atelier.upstream.providers[0].name=Fake gateway",
                "atelier.upstream.providers[0].base-url=" + base() + "/v1",
                "atelier.upstream.providers[0].models=stable-diffusion,dall-e-3",
                "atelier.upstream.providers[0].timeout=8s",
                "atelier.upstream.providers[0].allow-private-network=true",
                "atelier.upstream.providers[1].id=strict",
                "atelier.upstream.providers[1].name=Strict gateway",
                "atelier.upstream.providers[1].base-url=" + base() + "/v1",
                "atelier.upstream.providers[1].allow-private-network=false"};
    }

    public static void reset() {
        SERVER.resetAll();
        SERVER.stubFor(get(urlEqualTo("/v1/models")).willReturn(okJson("{\"object\":\"list\",\"data\":[{\"id\":\"stable-diffusion\",\"object\":\"model\"}]}")));
    }

    public static MappingBuilder chat() {
        return post(urlEqualTo("/v1/chat/completions"));
    }

    public static byte[] png(Color color) {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 64, 48);
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String dataUri(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    /** A reseller-style reply: progress lines, the markdown image(s) and a download link duplicating the first. */
    public static String completion(String content) {
        String escaped = content.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        return "{\"id\":\"chatcmpl-fake-1\",\"object\":\"chat.completion\",\"created\":1732500000,\"model\":\"stable-diffusion\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + escaped + "\",\"refusal\":null},"
                + "\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":57,\"completion_tokens\":20,\"total_tokens\":77},\"system_fingerprint\":\"fp_fake\"}";
    }

    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
