package studio.atelier.nodes;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import studio.atelier.support.Accounts;
import studio.atelier.support.Balancer;
import studio.atelier.support.EmbeddedPostgresInitializer;
import studio.atelier.support.Eventually;
import studio.atelier.support.FakeGateway;
import studio.atelier.support.PackagedApp;
import studio.atelier.support.S3Server;
import studio.atelier.support.WebSession;

/**
 * Issue #20's proof with two nodes: two packaged nodes started at the same moment on one empty PostgreSQL database and
 * one S3 bucket (s3proxy in this JVM; each node has a data folder of its own), behind nginx (round-robin, no sticky sessions). The tests run in order on the same two nodes:
 * browsing and generating through the balancer, a rolling restart under load, then {@code kill -9} of a node with a
 * generation in flight.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesIT {

    static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    static final Pattern GENERATION_LOCATION = Pattern.compile("/generations/(\\d+)$");
    static final Pattern THUMB = Pattern.compile("/images/(\\d+)/thumb");
    static final Pattern PROMPT_TAG = Pattern.compile("node-test-(\\d+)");

    final Node[] nodes = new Node[2];
    JdbcClient db;
    S3Server bucket;
    Balancer balancer;
    WebSession person;
    Workers workers;

    /** One node: its fixed port (the balancer's configuration names it) and its settings, to start it again. */
    static final class Node {
        final PackagedApp.Settings settings;
        final int port;
        PackagedApp app;

        Node(PackagedApp.Settings settings, int port) {
            this.settings = settings;
            this.port = port;
        }

        void start(String label) {
            app = PackagedApp.start(label, settings, START_TIMEOUT);
        }
    }

    @BeforeAll
    void twoNodesBehindTheBalancer() throws Exception {
        assumeTrue(Balancer.available() || System.getenv("ATELIER_REQUIRE_BROWSER") != null, "nginx is not installed");
        String jdbcUrl = EmbeddedPostgresInitializer.newDatabase();
        db = JdbcClient.create(new DriverManagerDataSource(jdbcUrl, "postgres", "postgres"));
        bucket = S3Server.running();
        String encryptionKey = PackagedApp.randomEncryptionKey();
        FakeGateway.reset();
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(imageReply(1500)));
        for (int i = 0; i < nodes.length; i++) {
            int port = PackagedApp.freePort();
            // each node its own data folder: images are shared through the bucket only
            Path dataDir = Files.createTempDirectory("atelier-node-" + i);
            PackagedApp.Settings settings = new PackagedApp.Settings(jdbcUrl, dataDir, encryptionKey).port(port)
                    .property("atelier.generation.images.store", "s3")
                    .property("atelier.generation.images.s3.endpoint", bucket.endpoint())
                    .property("atelier.generation.images.s3.bucket", "atelier-two-nodes")
                    .property("atelier.generation.images.s3.access-key", S3Server.ACCESS_KEY)
                    .property("atelier.generation.images.s3.secret-key", S3Server.SECRET_KEY)
                    .localGateway("fake", FakeGateway.base() + "/v1")
                    .property("atelier.upstream.demo.enabled", "true")
                    .property("atelier.upstream.demo.delay", "1500ms")
                    // short leases so that a dead node's generations end in seconds, not the production 30 s
                    .property("atelier.generation.lease", "3s")
                    .property("atelier.generation.heartbeat", "500ms")
                    .jvmArg("-XX:TieredStopAtLevel=1")
                    .jvmArg("-Xmx384m");
            nodes[i] = new Node(settings, port);
        }
        // The same moment on an empty database: every start-up task must be safe when run twice at once.
        CompletableFuture<?> a = CompletableFuture.runAsync(() -> nodes[0].start("node-a"));
        CompletableFuture<?> b = CompletableFuture.runAsync(() -> nodes[1].start("node-b"));
        CompletableFuture.allOf(a, b).join();
        balancer = Balancer.start(List.of(nodes[0].port, nodes[1].port));
        person = new WebSession(balancer.baseUrl());
        workers = Workers.watch(db);
    }

    @AfterAll
    void stopAll() {
        if (workers != null) {
            workers.close();
        }
        if (balancer != null) {
            balancer.close();
        }
        for (Node node : nodes) {
            if (node != null && node.app != null) {
                node.app.close();
            }
        }
        if (bucket != null) {
            bucket.close();
        }
    }

    @Test
    @Order(1)
    void everyRequestAlternatesNodesAndNobodyIsSignedOut() {
        Traffic traffic = new Traffic();
        person.register("two_nodes", Accounts.PASSWORD);
        traffic.expectSignedIn(person.get("/keys"));
        traffic.expect(person.post("/keys", Map.of("providerId", "demo", "label", "demo", "apiKey", "demo")), 302);
        traffic.expect(person.post("/keys", Map.of("providerId", "fake", "label", "fake", "apiKey", "sk-two-nodes-0000")), 302);

        List<Long> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            made.add(generationId(traffic.expect(person.post("/generations", form("demo")), 302)));
            made.add(generationId(traffic.expect(person.post("/generations", form("fake")), 302)));
        }
        Eventually.within(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (long id : made) {
                assertThat(traffic.expectSignedIn(person.get("/generations/" + id + "/card")).body()).contains("status-SUCCEEDED");
            }
        });
        assertThat(workers.nodesThatRan(made)).as("both nodes ran generations").hasSize(2);

        String gallery = traffic.expectSignedIn(person.get("/gallery")).body();
        Set<String> thumbs = new LinkedHashSet<>();
        Matcher m = THUMB.matcher(gallery);
        while (m.find()) {
            thumbs.add(m.group());
        }
        assertThat(thumbs).hasSize(made.size());
        for (int round = 0; round < 2; round++) {
            for (String thumb : thumbs) {
                HttpResponse<String> image = traffic.expect(person.get(thumb), 200);
                assertThat(image.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/"));
            }
        }
        traffic.assertBothNodesServedAlike(nodes[0].port, nodes[1].port);
    }

    /**
     * Each node in turn stopped with SIGTERM and started again while another person browses the gallery and its
     * thumbnails and this one keeps generating: no 5xx, nobody signed out, every generation ends once.
     */
    @Test
    @Order(2)
    void rollingRestartUnderLoad() throws Exception {
        WebSession browsing = new WebSession(balancer.baseUrl());
        browsing.register("browsing", Accounts.PASSWORD);
        browsing.post("/keys", Map.of("providerId", "fake", "label", "fake", "apiKey", "sk-browsing-0000"));
        long seed = generationId(browsing.post("/generations", form("fake")));
        Eventually.within(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(browsing.get("/generations/" + seed + "/card").body()).contains("status-SUCCEEDED"));
        String thumb = firstThumb(browsing.get("/gallery").body());

        Traffic traffic = new Traffic();
        List<Long> submitted = java.util.Collections.synchronizedList(new ArrayList<>());
        Load load = new Load(() -> {
            traffic.expectSignedIn(browsing.get("/gallery"));
            traffic.expect(browsing.get(thumb), 200);
            traffic.expectSignedIn(browsing.get("/usage"));
        }, () -> submitted.add(generationId(traffic.expect(person.post("/generations", form("fake")), 302))));
        load.start();
        try {
            for (int i = 0; i < nodes.length; i++) {
                Node node = nodes[i];
                awaitServing(traffic, node);
                node.app.stop(Duration.ofSeconds(60));
                assertThat(node.app.isAlive()).isFalse();
                node.start("node-" + (char) ('a' + i) + "-restarted");
                // as an operator would: the next node goes down only once the balancer sends people to this one again
                awaitServing(traffic, node);
            }
        } finally {
            load.stop();
        }
        traffic.assertNoErrors();
        assertThat(traffic.count()).as("the load kept running").isGreaterThan(60);
        assertThat(submitted).as("generations submitted during the restarts").hasSizeGreaterThan(4);
        Eventually.within(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(db.sql(
                "select count(*) from generation where id in (:ids) and status = 'SUCCEEDED'").param("ids", submitted)
                .query(Long.class).single()).isEqualTo((long) submitted.size()));
        assertThat(gatewayCalls().values()).as("no prompt reached the gateway twice").allSatisfy(calls -> assertThat(calls).isEqualTo(1));
        traffic.assertBothNodesServed(nodes[0].port, nodes[1].port);
    }

    /**
     * {@code kill -9} of the node running a generation: the person stays signed in (the other node answers), the
     * orphaned generation ends INTERRUPTED with Retry once its lease ran out, nothing is sent twice, and the images the
     * dead node stored are served by the living one.
     */
    @Test
    @Order(3)
    void aNodeKilledWhileGenerating() {
        List<Long> finished = new ArrayList<>();
        // the demo paints each prompt differently: these images are the victim's own, not bytes another node stored too
        for (int i = 0; i < 4; i++) {
            finished.add(generationId(person.post("/generations", form("demo"))));
        }
        Eventually.within(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(db.sql(
                "select count(*) from generation where id in (:ids) and status = 'SUCCEEDED'").param("ids", finished)
                .query(Long.class).single()).isEqualTo(4L));
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(imageReply(30_000)));
        List<Long> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            running.add(generationId(person.post("/generations", form("fake"))));
        }
        Eventually.within(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(db.sql(
                "select count(*) from generation where id in (:ids) and status = 'RUNNING'").param("ids", running)
                .query(Long.class).single()).isEqualTo(4L));
        String victimWorker = db.sql("select worker_id from generation where id = :id").param("id", running.get(0))
                .query(String.class).single();
        Node victim = java.util.Arrays.stream(nodes).filter(n -> victimWorker.startsWith(n.app.pid() + "@")).findFirst()
                .orElseThrow(() -> new AssertionError("no node runs as " + victimWorker));
        Node survivor = victim == nodes[0] ? nodes[1] : nodes[0];
        List<Long> orphaned = db.sql("select id from generation where id in (:ids) and worker_id = :w").param("ids", running)
                .param("w", victimWorker).query(Long.class).list();
        List<Long> ranByVictim = workers.ranBy(victimWorker, finished);
        assertThat(ranByVictim).as("generations the node to be killed finished (workers seen: %s)", workers).isNotEmpty();
        List<Long> storedByVictim = db.sql("select id from generation_image where generation_id in (:ids)")
                .param("ids", ranByVictim).query(Long.class).list();
        Map<String, Integer> callsAtKill = gatewayCalls();

        victim.app.kill();

        Traffic traffic = new Traffic();
        for (int i = 0; i < 6; i++) {
            traffic.expectSignedIn(person.get("/gallery"));
        }
        for (long image : storedByVictim) {
            traffic.expect(person.get("/images/" + image + "/thumb"), 200);
            traffic.expect(person.get("/images/" + image), 200);
        }
        traffic.assertNoErrors();
        traffic.assertOnlyServedBy(survivor.port);
        Eventually.within(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (long id : orphaned) {
                String card = person.get("/generations/" + id + "/card").body();
                assertThat(card).contains("status-INTERRUPTED").contains("/generations/" + id + "/retry");
            }
        });
        assertThat(gatewayCalls()).as("nothing was sent again").isEqualTo(callsAtKill);
    }

    static void awaitServing(Traffic traffic, Node node) {
        int seen = traffic.count();
        Eventually.within(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(traffic.answeredSince(seen, node.port)).as("answers from port %d", node.port).isGreaterThan(2));
    }

    static String firstThumb(String page) {
        Matcher m = THUMB.matcher(page);
        assertThat(m.find()).as("a thumbnail on the page").isTrue();
        return m.group();
    }

    static Map<String, String> form(String provider) {
        return Map.of("prompt", "node-test-" + System.nanoTime() + " 两个节点的灯塔", "providerId", provider, "model",
                "stable-diffusion", "n", "1");
    }

    static long generationId(HttpResponse<String> response) {
        Matcher m = GENERATION_LOCATION.matcher(response.headers().firstValue("Location").orElse(""));
        assertThat(m.find()).as("redirect to the new generation, got %d", response.statusCode()).isTrue();
        return Long.parseLong(m.group(1));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder imageReply(int delayMs) {
        String image = FakeGateway.dataUri(FakeGateway.png(Color.ORANGE));
        return FakeGateway.json(FakeGateway.completion("![image](" + image + ")")).withFixedDelay(delayMs);
    }

    /** Chat completions the fake gateway received, per prompt tag. */
    static Map<String, Integer> gatewayCalls() {
        Map<String, Integer> calls = new HashMap<>();
        for (var request : FakeGateway.SERVER.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))) {
            Matcher m = PROMPT_TAG.matcher(request.getBodyAsString());
            if (m.find()) {
                calls.merge(m.group(1), 1, Integer::sum);
            }
        }
        return calls;
    }
}
