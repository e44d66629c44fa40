package studio.atelier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import studio.atelier.support.EmbeddedPostgresInitializer;
import studio.atelier.support.Eventually;
import studio.atelier.support.PackagedApp;
import studio.atelier.support.WebSession;

/**
 * Issue #8's whole-application benchmark: the packaged jar in a process of its own on PostgreSQL with a fake gateway
 * of fixed latency, measured from outside as a person's browser would reach it: start-up time, thumbnails per second
 * against the same file served by nginx, a 60 s run of 200 signed-in people browsing and generating (wrk), and the
 * process's heap and RSS afterwards. Run with {@code bench/run AppUnderLoadBench}; needs {@code target/atelier-*.jar}.
 */
@Tag("bench")
class AppUnderLoadBench {

    static final int PEOPLE = Integer.getInteger("bench.people", 200);
    static final Duration LOAD = Duration.ofSeconds(Long.getLong("bench.load-seconds", 60));
    static final Duration THUMBNAIL_RUN = Duration.ofSeconds(20);
    static final Duration GATEWAY_LATENCY = Duration.ofMillis(1000);
    /** Generations in each person's gallery: a few made through the application, the rest copies of them. */
    static final int GALLERY = 100;
    static final int MADE_PER_PERSON = 2;
    static final String PASSWORD = "Violet-Harbour-42";
    static final long WARM_UP_REQUESTS = 20_000;
    static final Duration WARM_UP_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    final List<String> table = new ArrayList<>();

    @Test
    void packagedAppUnderLoad() throws Exception {
        String jdbcUrl = EmbeddedPostgresInitializer.newDatabase();
        JdbcClient db = JdbcClient.create(new DriverManagerDataSource(jdbcUrl, "postgres", "postgres"));
        Wrk.Result load = null;
        loadAverage("at the start");
        try (FixedLatencyGateway gateway = new FixedLatencyGateway(GATEWAY_LATENCY, dataUri(pictureOfALighthouse()))) {
            PackagedApp.Settings settings = new PackagedApp.Settings(jdbcUrl, work.resolve("data"), randomKey())
                    .localGateway("bench", gateway.baseUrl());
            try (PackagedApp app = PackagedApp.start("bench", settings, Duration.ofMinutes(3))) {
                row("start-up: process start → /actuator/health UP", String.format(Locale.ROOT, "%.1f s",
                        app.startupTime().toMillis() / 1000.0));
                List<Person> people = seed(app, db);
                memory(app, "after seeding " + PEOPLE + " people");
                if (!Wrk.installed()) {
                    row("thumbnails, " + PEOPLE + "-person load run", "skipped: wrk is not installed (apt-get install wrk)");
                } else {
                    thumbnails(app, db, people.get(0));
                    load = loadRun(app, db, people);
                }
            }
        } finally {
            System.out.println();
            System.out.println("=== Atelier packaged app: " + PEOPLE + " people on PostgreSQL, fake gateway " + GATEWAY_LATENCY.toMillis()
                    + " ms, " + Runtime.getRuntime().availableProcessors() + " cores shared by app, database, gateway and wrk ===");
            System.out.println(String.format(Locale.ROOT, "| %-58s | %-58s |", "measure", "result"));
            System.out.println("|" + "-".repeat(60) + "|" + "-".repeat(60) + "|");
            table.forEach(System.out::println);
        }
        if (load != null) {
            assertThat(load.s5xx()).as("server errors during the load run").isZero();
            assertThat(load.s3xx() + load.s4xx()).as("redirects (lost sessions) or refusals during the load run").isZero();
            assertThat(load.socketErrors()).as("connection errors during the load run").isZero();
        }
    }

    record Person(String cookie, String csrf, long generationId, List<Long> imageIds) {
    }

    /**
     * {@code PEOPLE} accounts (inserted with a cheap password hash, so that signing 200 people in measures nothing of
     * bcrypt), each signed in over HTTP, with a key stored through the form and {@code MADE_PER_PERSON} generations made
     * through the application; their galleries are then filled up to {@code GALLERY} with copies.
     */
    List<Person> seed(PackagedApp app, JdbcClient db) throws Exception {
        String hash = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(PASSWORD);
        db.sql("insert into app_user (username, username_key, password_hash, role, created_at) "
                        + "select 'load' || g, 'load' || g, :hash, 'USER', :now from generate_series(1, :n) g")
                .param("hash", hash).param("now", Timestamp.from(Instant.now())).param("n", PEOPLE).update();
        List<Future<WebSession>> signingIn = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int i = 1; i <= PEOPLE; i++) {
                String name = "load" + i;
                signingIn.add(pool.submit(() -> {
                    WebSession session = new WebSession(app.baseUrl());
                    session.signIn(name, PASSWORD);
                    expect(302, session.post("/keys", Map.of("providerId", "bench", "label", "load", "apiKey", "sk-load-" + name)));
                    for (int g = 0; g < MADE_PER_PERSON; g++) {
                        expect(302, session.post("/generations", Map.of("prompt", "a lighthouse at dawn for " + name,
                                "providerId", "bench", "model", "stable-diffusion", "n", "1")));
                    }
                    return session;
                }));
            }
            List<WebSession> sessions = new ArrayList<>();
            for (Future<WebSession> f : signingIn) {
                sessions.add(f.get());
            }
            Eventually.within(Duration.ofMinutes(3)).untilAsserted(() -> assertThat(db.sql(
                    "select count(*) from generation where status = 'SUCCEEDED'").query(Long.class).single())
                    .isEqualTo((long) PEOPLE * MADE_PER_PERSON));
            fillGalleries(db);
            List<Person> people = new ArrayList<>();
            for (int i = 0; i < PEOPLE; i++) {
                WebSession session = sessions.get(i);
                long owner = db.sql("select id from app_user where username_key = ?").param("load" + (i + 1)).query(Long.class).single();
                List<Long> images = db.sql("select i.id from generation_image i join generation g on g.id = i.generation_id "
                        + "where g.owner_id = ? order by g.queued_at desc, g.id desc limit 24").param(owner).query(Long.class).list();
                long generation = db.sql("select max(id) from generation where owner_id = ?").param(owner).query(Long.class).single();
                people.add(new Person(session.cookie("JSESSIONID").orElseThrow(), session.csrfToken(), generation, images));
            }
            return people;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Copies of each person's first generation (same stored image), spread over the past days, some in Chinese. */
    static void fillGalleries(JdbcClient db) {
        db.sql("insert into generation (owner_id, provider_id, model, api_key_id, prompt, prompt_search, parameters, status, "
                        + "image_count, queued_at, started_at, finished_at, upstream_latency_ms) "
                        + "select g.owner_id, g.provider_id, g.model, g.api_key_id, p.prompt, lower(p.prompt), g.parameters, 'SUCCEEDED', 1, "
                        + "g.queued_at - make_interval(mins => s), g.queued_at - make_interval(mins => s), "
                        + "g.queued_at - make_interval(mins => s), 1000 "
                        + "from generation g cross join generate_series(1, :copies) s "
                        + "cross join lateral (select case mod(s, 3) when 0 then 'A lighthouse at dawn, watercolour' "
                        + "when 1 then '一座灯塔，黎明，水彩' else 'a fox in the snow' end as prompt) p "
                        + "where g.id in (select min(id) from generation group by owner_id)")
                .param("copies", GALLERY - MADE_PER_PERSON).update();
        db.sql("insert into generation_image (generation_id, owner_id, position, sha256, format, size_bytes, width, height, created_at) "
                + "select g.id, g.owner_id, 0, i.sha256, i.format, i.size_bytes, i.width, i.height, g.finished_at "
                + "from generation g cross join (select * from generation_image order by id limit 1) i "
                + "where g.image_count = 1 and not exists (select 1 from generation_image x where x.generation_id = g.id)").update();
        db.sql("analyze generation").update();
        db.sql("analyze generation_image").update();
    }

    /** One person's thumbnail through the whole application, then the same file from nginx: same wrk, same connections. */
    void thumbnails(PackagedApp app, JdbcClient db, Person person) throws IOException {
        long imageId = person.imageIds().get(0);
        String url = app.baseUrl() + "/images/" + imageId + "/thumb";
        String cookie = "Cookie: " + person.cookie();
        String sha = db.sql("select sha256 from generation_image where id = ?").param(imageId).query(String.class).single();
        Path file = work.resolve("data").resolve("images").resolve("thumbs").resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4))
                .resolve(sha + ".jpg");
        try (StaticFileBaseline baseline = StaticFileBaseline.start(file, Files.createDirectories(work.resolve("baseline")))) {
            long warmUp = warmUp(() -> Wrk.fixed(url, 2, 50, Duration.ofSeconds(10), cookie));
            Duration cpuBefore = app.cpuTime();
            Wrk.Result viaApp = Wrk.fixed(url, 2, 50, THUMBNAIL_RUN, cookie);
            Duration cpu = app.cpuTime().minus(cpuBefore);
            Wrk.fixed(baseline.url(), 2, 50, Duration.ofSeconds(3));
            Wrk.Result direct = Wrk.fixed(baseline.url(), 2, 50, THUMBNAIL_RUN);
            assertThat(viaApp.s2xx()).as("thumbnails answered 200").isEqualTo(viaApp.requests());
            row(String.format(Locale.ROOT, "thumbnail via Atelier (%d KiB JPEG, wrk 50 conn, %d s)", Files.size(file) / 1024,
                    THUMBNAIL_RUN.toSeconds()), rate(viaApp));
            row("  after warm-up requests", String.format(Locale.ROOT, "%,d", warmUp));
            row("  CPU Atelier got for it", cpu(cpu, viaApp));
            row("the same file via " + baseline.name(), rate(direct));
            row("thumbnails: Atelier ÷ " + baseline.name().split(" ")[0], String.format(Locale.ROOT, "%.1f %%",
                    100 * viaApp.perSecond() / direct.perSecond()));
        }
    }

    Wrk.Result loadRun(PackagedApp app, JdbcClient db, List<Person> people) throws Exception {
        Path file = work.resolve("people.tsv");
        StringBuilder lines = new StringBuilder();
        for (Person p : people) {
            lines.append(p.cookie()).append('\t').append(p.csrf()).append('\t').append(p.generationId()).append('\t')
                    .append(p.imageIds().stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow()).append('\n');
        }
        Files.writeString(file, lines);
        long warmUp = warmUp(() -> Wrk.people(app.baseUrl(), 2, people.size(), Duration.ofSeconds(10), file));
        long lastBefore = db.sql("select max(id) from generation").query(Long.class).single();
        Duration cpuBefore = app.cpuTime();
        Wrk.Result load = Wrk.people(app.baseUrl(), 2, people.size(), LOAD, file);
        Duration cpu = app.cpuTime().minus(cpuBefore);
        long submitted = db.sql("select count(*) from generation where id > ?").param(lastBefore).query(Long.class).single();
        long finished = db.sql("select count(*) from generation where id > ? and status not in ('QUEUED', 'RUNNING')")
                .param(lastBefore).query(Long.class).single();
        loadAverage("at the end of the load run");
        memory(app, "right after the load");
        row(String.format(Locale.ROOT, "load: %d people × %d s (wrk, %d connections)", people.size(), LOAD.toSeconds(), people.size()),
                String.format(Locale.ROOT, "%,.0f requests/s (%,d requests)", load.perSecond(), load.requests()));
        row("  CPU Atelier got for it", cpu(cpu, load));
        row("  after warm-up requests (the same mix)", String.format(Locale.ROOT, "%,d", warmUp));
        row("load latency", String.format(Locale.ROOT, "p50 %.1f ms   p99 %.1f ms   max %.1f ms", load.p50Ms(), load.p99Ms(),
                load.maxUs() / 1000.0));
        row("load answers 2xx / 3xx / 4xx / 5xx", String.format(Locale.ROOT, "%,d / %,d / %,d / %,d   socket errors %d, timeouts %d",
                load.s2xx(), load.s3xx(), load.s4xx(), load.s5xx(), load.socketErrors(), load.timeouts()));
        row("load generations submitted / finished by the end", String.format(Locale.ROOT, "%,d / %,d", submitted, finished));
        Eventually.within(Duration.ofMinutes(5)).untilAsserted(() -> assertThat(db.sql(
                "select count(*) from generation where status in ('QUEUED', 'RUNNING')").query(Long.class).single()).isZero());
        app.collectGarbage();
        memory(app, "after the queue drained and a full GC");
        assertThat(db.sql("select count(*) from generation where status <> 'SUCCEEDED'").query(Long.class).single())
                .as("generations that did not succeed").isZero();
        return load;
    }

    void memory(PackagedApp app, String when) {
        PackagedApp.Heap heap = app.heap();
        row("heap used / committed, RSS " + when, String.format(Locale.ROOT, "%,d MiB / %,d MiB, RSS %,d MiB", heap.usedKb() / 1024,
                heap.committedKb() / 1024, app.rssKb() / 1024));
    }

    /** The machine's 1-minute load average: on a shared machine, the figures only mean something next to it. */
    void loadAverage(String when) {
        row("system load average (1 min) " + when, String.format(Locale.ROOT, "%.1f on %d cores",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Runs {@code run} until the application has served {@link #WARM_UP_REQUESTS} (the JIT compiles the hot paths after
     * some thousands of calls) or for {@link #WARM_UP_LIMIT}: on a starved machine the limit comes first, and the
     * table then shows how far the warm-up got.
     */
    static long warmUp(java.util.function.Supplier<Wrk.Result> run) {
        long served = 0;
        long deadline = System.nanoTime() + WARM_UP_LIMIT.toNanos();
        while (served < WARM_UP_REQUESTS && System.nanoTime() < deadline) {
            served += run.get().requests();
        }
        return served;
    }

    /** How much of the machine the application had during a run, and what one request cost it. */
    static String cpu(Duration cpu, Wrk.Result r) {
        double seconds = cpu.toMillis() / 1000.0;
        return String.format(Locale.ROOT, "%.1f CPU-s in %.0f s (%.2f cores), %.2f ms CPU per request", seconds, r.durationUs() / 1e6,
                seconds / (r.durationUs() / 1e6), 1000 * seconds / r.requests());
    }

    static String rate(Wrk.Result r) {
        return String.format(Locale.ROOT, "%,.0f requests/s   p50 %.2f ms   p99 %.2f ms", r.perSecond(), r.p50Ms(), r.p99Ms());
    }

    void row(String measure, String result) {
        table.add(String.format(Locale.ROOT, "| %-58s | %-58s |", measure, result));
    }

    static void expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response.statusCode() + " " + response.uri());
        }
    }

    /** A 1024×1024 picture, so that the thumbnail is a real 384 px JPEG rather than a few bytes. */
    static byte[] pictureOfALighthouse() throws IOException {
        BufferedImage image = new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(255, 170, 90), 0, 700, new Color(40, 60, 140)));
        g.fillRect(0, 0, 1024, 1024);
        g.setColor(new Color(20, 40, 90));
        g.fillRect(0, 700, 1024, 324);
        g.setColor(Color.WHITE);
        g.fillRect(470, 330, 80, 370);
        g.setColor(new Color(200, 30, 30));
        for (int y = 360; y < 700; y += 80) {
            g.fillRect(470, y, 80, 35);
        }
        g.setColor(new Color(255, 240, 160));
        g.fillOval(455, 280, 110, 70);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static String dataUri(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
