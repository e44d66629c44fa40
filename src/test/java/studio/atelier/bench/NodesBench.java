package studio.atelier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import studio.atelier.support.Balancer;
import studio.atelier.support.EmbeddedPostgresInitializer;
import studio.atelier.support.Eventually;
import studio.atelier.support.PackagedApp;
import studio.atelier.support.S3Server;
import studio.atelier.support.WebSession;

/**
 * Issue #20's figure: gallery thumbnails for signed-in people through nginx from two nodes with images in a bucket
 * (s3proxy), next to one node with the file system store, in the same run. Each person's gallery holds
 * {@code IMAGES} distinct images the demo gateway painted; wrk asks for them in turn, as many people at once.
 * Run with {@code bench/run NodesBench}; needs {@code target/atelier-*.jar}, wrk and nginx.
 */
@Tag("bench")
class NodesBench {

    static final int PEOPLE = 8;
    static final int IMAGES = 24;
    static final Duration RUN = Duration.ofSeconds(20);
    static final Pattern GENERATION = Pattern.compile("/generations/(\\d+)$");
    static final Pattern THUMB = Pattern.compile("/images/(\\d+)/thumb");

    @TempDir
    Path work;

    final List<String> table = new ArrayList<>();

    @Test
    void thumbnailsFromTwoNodesOnABucketNextToOneNodeOnFiles() throws Exception {
        assertThat(Wrk.installed() && Balancer.available()).as("wrk and nginx (apt-get install wrk nginx-light)").isTrue();
        String key = PackagedApp.randomEncryptionKey();
        try {
            Wrk.Result oneNode;
            try (PackagedApp app = PackagedApp.start("bench-one-node", settings(EmbeddedPostgresInitializer.newDatabase(), "one", key),
                    Duration.ofMinutes(3))) {
                oneNode = measure("one node, images on its file system", app.baseUrl());
            }
            try (S3Server bucket = S3Server.running()) {
                String jdbcUrl = EmbeddedPostgresInitializer.newDatabase();
                try (PackagedApp a = PackagedApp.start("bench-node-a", onBucket(settings(jdbcUrl, "a", key), bucket), Duration.ofMinutes(3));
                        PackagedApp b = PackagedApp.start("bench-node-b", onBucket(settings(jdbcUrl, "b", key), bucket), Duration.ofMinutes(3));
                        Balancer balancer = Balancer.start(List.of(a.port(), b.port()))) {
                    Wrk.Result twoNodes = measure("two nodes behind nginx, images in the bucket", balancer.baseUrl());
                    row("two nodes on the bucket ÷ one node on files", String.format(Locale.ROOT, "%.0f %% of the requests per second",
                            100 * twoNodes.perSecond() / oneNode.perSecond()));
                }
            }
        } finally {
            System.out.println();
            System.out.println("=== Thumbnails of " + PEOPLE + " signed-in people (" + IMAGES + " distinct images each), wrk 50 connections, "
                    + RUN.toSeconds() + " s, " + Runtime.getRuntime().availableProcessors() + " cores shared by everything ===");
            System.out.println(String.format(Locale.ROOT, "| %-58s | %-58s |", "setup", "result"));
            System.out.println("|" + "-".repeat(60) + "|" + "-".repeat(60) + "|");
            table.forEach(System.out::println);
        }
    }

    PackagedApp.Settings settings(String jdbcUrl, String node, String key) throws Exception {
        return new PackagedApp.Settings(jdbcUrl, Files.createDirectories(work.resolve(node)), key)
                .property("atelier.upstream.demo.enabled", "true")
                .property("atelier.upstream.demo.delay", "0ms")
                .property("atelier.upstream.demo.calls-per-minute", "100000");
    }

    static PackagedApp.Settings onBucket(PackagedApp.Settings settings, S3Server bucket) {
        return settings.property("atelier.generation.images.store", "s3")
                .property("atelier.generation.images.s3.endpoint", bucket.endpoint())
                .property("atelier.generation.images.s3.bucket", "atelier-bench")
                .property("atelier.generation.images.s3.access-key", S3Server.ACCESS_KEY)
                .property("atelier.generation.images.s3.secret-key", S3Server.SECRET_KEY);
    }

    /** People with galleries of distinct images, then a warm-up and the measured run. */
    Wrk.Result measure(String setup, String baseUrl) throws Exception {
        List<String> lines = new ArrayList<>();
        List<Long> made = new ArrayList<>();
        List<WebSession> people = new ArrayList<>();
        for (int p = 0; p < PEOPLE; p++) {
            WebSession person = new WebSession(baseUrl);
            person.register("bench" + p + "_" + System.nanoTime() % 100000, "Violet-Harbour-42");
            person.post("/keys", Map.of("providerId", "demo", "label", "demo", "apiKey", "demo"));
            for (int i = 0; i < IMAGES; i++) {
                Matcher m = GENERATION.matcher(person.post("/generations", Map.of("prompt", "a lighthouse " + p + "-" + i + " 灯塔",
                        "providerId", "demo", "model", "stable-diffusion", "n", "1")).headers().firstValue("Location").orElse(""));
                assertThat(m.find()).isTrue();
                made.add(Long.parseLong(m.group(1)));
            }
            people.add(person);
        }
        for (WebSession person : people) {
            Eventually.within(Duration.ofMinutes(5)).untilAsserted(() -> assertThat(thumbs(person.get("/gallery").body()))
                    .hasSize(IMAGES));
            List<String> ids = thumbs(person.get("/gallery").body());
            lines.add(person.cookie("JSESSIONID").orElseThrow() + "\t" + person.csrfToken() + "\t" + made.get(0) + "\t"
                    + String.join(",", ids));
        }
        Path file = Files.writeString(work.resolve("people-" + lines.hashCode() + ".tsv"), String.join("\n", lines) + "\n");
        Wrk.thumbnails(baseUrl, 2, 50, Duration.ofSeconds(10), file);
        Wrk.Result r = Wrk.thumbnails(baseUrl, 2, 50, RUN, file);
        row(setup, String.format(Locale.ROOT, "%.0f req/s, p50 %.1f ms, p99 %.1f ms", r.perSecond(), r.p50Ms(), r.p99Ms()));
        assertThat(r.s2xx()).as("%s: every answer a thumbnail", setup).isEqualTo(r.requests());
        return r;
    }

    static List<String> thumbs(String page) {
        List<String> ids = new ArrayList<>();
        Matcher m = THUMB.matcher(page);
        while (m.find()) {
            if (!ids.contains(m.group(1))) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    void row(String measure, String result) {
        table.add(String.format(Locale.ROOT, "| %-58s | %-58s |", measure, result));
    }
}
