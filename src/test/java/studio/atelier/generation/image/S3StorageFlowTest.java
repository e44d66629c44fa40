package studio.atelier.generation.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.Color;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import studio.atelier.generation.GenerationService;
import studio.atelier.generation.GenerationStatus;
import studio.atelier.generation.GenerationView;
import studio.atelier.support.Accounts;
import studio.atelier.support.EmbeddedPostgresInitializer;
import studio.atelier.support.Eventually;
import studio.atelier.support.FakeGateway;
import studio.atelier.support.FakeGatewayInitializer;
import studio.atelier.support.S3Server;

/**
 * The whole application on PostgreSQL with its images in a bucket of a real S3 API server, signed-link redirects on:
 * the access rules hold exactly as with bytes through Atelier, and a store that goes down costs nothing.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@ContextConfiguration(initializers = {EmbeddedPostgresInitializer.class, FakeGatewayInitializer.class,
        S3StorageFlowTest.InBucket.class})
class S3StorageFlowTest {

    static final String BUCKET = "atelier-flow";
    static final S3Server SERVER = S3Server.running();

    static class InBucket implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of(SERVER.properties(BUCKET)).and("atelier.generation.images.s3.prefix=atelier",
                    "atelier.generation.images.s3.presigned-redirects=true").applyTo(context);
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    GenerationService generations;
    @Autowired
    ImageIntake intake;

    private final HttpClient http = HttpClient.newHttpClient();
    MockHttpSession alice;
    long aliceId;

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    @BeforeEach
    void signUp() throws Exception {
        FakeGateway.reset();
        alice = Accounts.signUpAndIn(mvc, Accounts.uniqueName("bucket"));
        aliceId = Accounts.idOf(alice);
        mvc.perform(post("/keys").with(csrf()).session(alice).param("providerId", "fake").param("label", "k")
                .param("apiKey", "sk-s3-flow-0123456789abcdef")).andExpect(status().is3xxRedirection());
    }

    @Test
    void theBucketIsCreatedAtStartAndImagesAreRedirectedToSignedLinksOnlyForPeopleWhoMaySeeThem() throws Exception {
        assertThat(SERVER.blobs().containerExists(BUCKET)).isTrue();
        byte[] png = FakeGateway.png(Color.MAGENTA);
        long imageId = generateImage(png, "a lighthouse kept in a bucket");

        MvcResult original = mvc.perform(get("/images/" + imageId).session(alice)).andExpect(status().isSeeOther()).andReturn();
        URI link = URI.create(original.getResponse().getHeader("Location"));
        assertThat(link.toString()).startsWith(SERVER.endpoint() + "/" + BUCKET + "/atelier/").contains("X-Amz-Signature=");
        assertThat(original.getResponse().getHeader("Cache-Control")).contains("no-store");
        assertThat(fetch(link).body()).isEqualTo(png);
        URI thumbnail = URI.create(mvc.perform(get("/images/" + imageId + "/thumb").session(alice))
                .andExpect(status().isSeeOther()).andReturn().getResponse().getHeader("Location"));
        assertThat(fetch(thumbnail).headers().firstValue("Content-Type")).contains("image/jpeg");
        URI download = URI.create(mvc.perform(get("/images/" + imageId).param("download", "").session(alice))
                .andExpect(status().isSeeOther()).andReturn().getResponse().getHeader("Location"));
        assertThat(fetch(download).headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
        // pages allow the bucket as an image source, or the browser would refuse to follow the redirect
        assertThat(mvc.perform(get("/").session(alice)).andReturn().getResponse().getHeader("Content-Security-Policy"))
                .contains("img-src 'self' data: blob: " + SERVER.endpoint() + ";");

        MockHttpSession mallory = Accounts.signUpAndIn(mvc, Accounts.uniqueName("mallory"));
        for (String url : List.of("/images/" + imageId, "/images/" + imageId + "/thumb", "/images/" + imageId + "?download")) {
            MvcResult refused = mvc.perform(get(url).session(mallory)).andExpect(status().isNotFound()).andReturn();
            assertThat(refused.getResponse().getHeader("Location")).isNull();
        }
        mvc.perform(get("/images/" + imageId)).andExpect(status().is3xxRedirection())
                .andExpect(result -> assertThat(result.getResponse().getHeader("Location")).doesNotContain("X-Amz"));
    }

    @Test
    void whileTheStoreIsDownImagesAnswer503AndAFinishedGenerationWaitsForItInsteadOfBeingLost() throws Exception {
        long earlier = generateImage(FakeGateway.png(Color.CYAN), "stored before the outage");
        byte[] png = FakeGateway.png(Color.ORANGE);
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(
                "![a](" + FakeGateway.dataUri(png) + ")"))));

        SERVER.stop();
        long id;
        try {
            MvcResult page = mvc.perform(get("/images/" + earlier).session(alice)).andExpect(status().isServiceUnavailable())
                    .andReturn();
            assertThat(page.getResponse().getHeader("Retry-After")).isEqualTo("30");
            assertThat(page.getResponse().getContentAsString()).contains("image storage cannot be reached")
                    .contains("/images/" + earlier);

            id = submit("painted while the bucket is away");
            Eventually.within(Duration.ofSeconds(20)).until(() -> intake.waitingForStore() > 0);
            assertThat(generations.find(aliceId, id).orElseThrow().status()).isEqualTo(GenerationStatus.RUNNING);
        } finally {
            SERVER.start();
        }

        GenerationView done = awaitFinished(id);
        assertThat(done.status()).isEqualTo(GenerationStatus.SUCCEEDED);
        URI link = URI.create(mvc.perform(get("/images/" + done.imageIds().get(0)).session(alice))
                .andExpect(status().isSeeOther()).andReturn().getResponse().getHeader("Location"));
        assertThat(fetch(link).body()).isEqualTo(png);
        mvc.perform(get("/images/" + earlier).session(alice)).andExpect(status().isSeeOther());
    }

    private long generateImage(byte[] png, String prompt) throws Exception {
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(
                "![a](" + FakeGateway.dataUri(png) + ")"))));
        GenerationView done = awaitFinished(submit(prompt));
        assertThat(done.status()).isEqualTo(GenerationStatus.SUCCEEDED);
        return done.imageIds().get(0);
    }

    private long submit(String prompt) throws Exception {
        String html = mvc.perform(post("/generations").with(csrf()).session(alice).header("HX-Request", "true")
                        .param("providerId", "fake").param("model", "stable-diffusion").param("prompt", prompt))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return Long.parseLong(html.replaceAll("(?s).*?id=\"gen-(\\d+)\".*", "$1"));
    }

    private GenerationView awaitFinished(long id) {
        Eventually.within(Duration.ofSeconds(30)).until(() -> generations.find(aliceId, id).orElseThrow().finished());
        return generations.find(aliceId, id).orElseThrow();
    }

    private HttpResponse<byte[]> fetch(URI link) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(link).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }
}
