package studio.atelier.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;

import java.awt.Color;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcPrint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.validation.BeanPropertyBindingResult;

import studio.atelier.keys.ApiKeyForm;
import studio.atelier.keys.ApiKeyService;
import studio.atelier.gallery.GalleryFilter;
import studio.atelier.gallery.GalleryQuery;
import studio.atelier.generation.GenerationPage;
import studio.atelier.generation.GenerationFinished;
import studio.atelier.generation.GenerationForm;
import studio.atelier.generation.GenerationSubmission;
import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.shared.Role;
import studio.atelier.support.FakeGateway;
import studio.atelier.support.PostgresTest;

/**
 * Issue #4's benchmark: the latency Atelier adds to a generation, throughput at 1/50/500 generations in flight
 * against a gateway with a fixed latency, and gallery page times with 100 000 generations on PostgreSQL.
 * Run with {@code bench/run} (not part of {@code ./mvnw verify}).
 */
@Tag("bench")
@PostgresTest
// Spring Boot's MockMvc otherwise formats every request and response (model included) into a buffer, to print it if the
// test fails: several megabytes of garbage per gallery page that were timed as if the application had made them.
@AutoConfigureMockMvc(print = MockMvcPrint.NONE)
class GenerationBench {

    static final Duration GATEWAY_LATENCY = Duration.ofMillis(1000);
    static final int PEOPLE = 125;
    static final FixedLatencyGateway GATEWAY;
    static final Duration SECOND_WARM_UP = Duration.ofSeconds(30);
    static final Duration LONE_WARM_UP = Duration.ofSeconds(25);

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY the body waits for the client's
        // delayed ACK (40 ms), which would make the baseline gateway slower than its nominal latency.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // hundreds of kept-alive connections: past the default 200 idle ones the server closes connections in use
        System.setProperty("sun.net.httpserver.maxIdleConnections", "2000");
        try {
            GATEWAY = new FixedLatencyGateway(GATEWAY_LATENCY, FakeGateway.dataUri(FakeGateway.png(Color.ORANGE)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("atelier.upstream.providers[0].id", () -> "bench");
        registry.add("atelier.upstream.providers[0].base-url", GATEWAY::baseUrl);
        registry.add("atelier.upstream.providers[0].allow-private-network", () -> "true");
        registry.add("atelier.generation.per-user-running", () -> "1000");
        registry.add("atelier.generation.max-in-flight", () -> "600");
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "30");
        registry.add("logging.level.root", () -> "WARN");
    }

    @TestConfiguration
    static class Timing {

        static final Map<Long, Long> FINISHED = new ConcurrentHashMap<>();
        /** Requests the ending of each generation sent to the database, commit included. */
        static final Map<Long, Integer> END_REQUESTS = new ConcurrentHashMap<>();
        static final Queue<Long> FINISH_TIMES = new ConcurrentLinkedQueue<>();
        static volatile Semaphore inFlight;

        @Bean
        @org.springframework.boot.context.properties.ConfigurationProperties("spring.datasource.hikari")
        com.zaxxer.hikari.HikariDataSource dataSource(org.springframework.boot.jdbc.autoconfigure.DataSourceProperties properties) {
            return properties.initializeDataSourceBuilder().type(RequestCountingPool.class).build();
        }

        @Bean
        Object finishRecorder() {
            return new Object() {
                // after the commit: a generation is finished when others can see it
                @org.springframework.transaction.event.TransactionalEventListener(fallbackExecution = true)
                void on(GenerationFinished event) {
                    long now = System.nanoTime();
                    // after the commit, on the thread that wrote the ending, before it gives the connection back
                    END_REQUESTS.put(event.generationId(), RequestCountingPool.sinceConnection());
                    FINISHED.put(event.generationId(), now);
                    FINISH_TIMES.add(now);
                    Semaphore s = inFlight;
                    if (s != null) {
                        s.release();
                    }
                }
            };
        }
    }

    @Autowired
    GenerationSubmission submissions;
    @Autowired
    ApiKeyService keys;
    @Autowired
    GalleryQuery gallery;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MockMvc mvc;

    static final List<String> REPORT = new ArrayList<>();
    String lastCpu = "";
    CpuMeter cpu;

    @AfterAll
    static void print() {
        System.out.println();
        System.out.println("=== Atelier generation benchmark (gateway latency " + GATEWAY_LATENCY.toMillis() + " ms) ===");
        REPORT.forEach(System.out::println);
        GATEWAY.close();
    }

    long user(String name) {
        jdbc.sql("insert into app_user (username, username_key, password_hash, role, created_at) values (?, ?, 'x', 'USER', ?)")
                .params(name, name.toLowerCase(Locale.ROOT), Timestamp.from(Instant.now())).update();
        return jdbc.sql("select id from app_user where username_key = ?").param(name.toLowerCase(Locale.ROOT)).query(Long.class).single();
    }

    long submit(long owner) {
        GenerationForm form = new GenerationForm("a benchmark lighthouse", null, "bench", null, "stable-diffusion", null, null, null,
                "1", null, null, null, null);
        var errors = new BeanPropertyBindingResult(form, "form");
        return submissions.submit(owner, form, errors).orElseThrow(() -> new IllegalStateException(errors.toString()));
    }

    @Test
    void generationLatencyAndThroughput() throws Exception {
        cpu = new CpuMeter(jdbc);
        long owner = user("bench-gen");
        keys.save(owner, new ApiKeyForm("bench", "bench", "sk-bench-key-000000"), new BeanPropertyBindingResult(null, "form"));
        // The loops keep generations of many people in flight, four each in the steady state: the default per-person limit,
        // so 500 in flight is 125 people, as it would be in a studio.
        long[] people = new long[PEOPLE];
        for (int i = 0; i < people.length; i++) {
            people[i] = user("bench-person-" + i);
            keys.save(people[i], new ApiKeyForm("bench", "bench", "sk-bench-key-" + (100000 + i)), new BeanPropertyBindingResult(null, "form"));
        }

        // Warm-up: every path a generation takes, some thousands of times, so the JIT has compiled them (C2 needs about ten
        // thousand calls of a method) before anything is timed, as in a server that has been up for a while; the first
        // generations of a fresh JVM run interpreted code and cost ten times more.
        closedLoop(people, 300, Duration.ofSeconds(12), new WindowProfiler("warm-up"));
        // ... and at the heaviest load: every generation calls the same methods once, so those cross C2's thresholds only after
        // some tens of thousands of generations; with the first warm-up alone the compiler still took a fifth of the CPU of
        // the 500-in-flight window (async-profiler), as it would not in a server that has been up for a while.
        long jitBefore = jitMillis();
        closedLoop(people, 500, SECOND_WARM_UP, new WindowProfiler("warm-up-500"));
        REPORT.add(String.format("warm-up: %d generations; the JIT compiled for %d ms during the last %d s of it (at 500 in flight, ramp-up and drain included)",
                Timing.FINISH_TIMES.size(), jitMillis() - jitBefore, SECOND_WARM_UP.toSeconds()));
        // ... and one at a time: with hundreds finishing together, endings are written in batches, so the path of a generation
        // that ends alone (a batch of one, see FinishWriter) had run only now and then. Timed
        // without this, the lone turns below measured that path interpreted, with statements PostgreSQL parsed and planned
        // anew each time, which a server that has been up for a while, where most endings are lone ones, no longer pays.
        // The gateway answers at once meanwhile, so that the path runs some thousands of times in a few seconds.
        GATEWAY.latency(Duration.ofMillis(1));
        int finishedBeforeLone = Timing.FINISH_TIMES.size();
        long jitBeforeLone = jitMillis();
        long loneFrom = System.nanoTime();
        closedLoop(new long[] {owner}, 1, LONE_WARM_UP, new WindowProfiler("warm-up-lone"));
        GATEWAY.latency(GATEWAY_LATENCY);
        REPORT.add(String.format("  then %d generations one at a time (the gateway answering at once) in %.1f s; the JIT compiled for %d ms meanwhile",
                Timing.FINISH_TIMES.size() - finishedBeforeLone, (System.nanoTime() - loneFrom) / 1e9, jitMillis() - jitBeforeLone));

        // The floor under every statement: one round trip to PostgreSQL on this machine (pool checkout included).
        long[] roundTrips = new long[200];
        for (int i = 0; i < roundTrips.length; i++) {
            long t0 = System.nanoTime();
            jdbc.sql("select 1").query(Integer.class).single();
            roundTrips[i] = System.nanoTime() - t0;
        }
        Arrays.sort(roundTrips);
        // The same round trip after a pause as long as a generation's call: what each statement of a lone generation costs
        // on this machine, where an idle process has to be woken up again (and its caches are cold).
        long[] pausedRoundTrips = new long[8];
        for (int i = 0; i < pausedRoundTrips.length; i++) {
            Thread.sleep(GATEWAY_LATENCY.toMillis());
            long t0 = System.nanoTime();
            jdbc.sql("select 1").query(Integer.class).single();
            pausedRoundTrips[i] = System.nanoTime() - t0;
        }
        Arrays.sort(pausedRoundTrips);
        // One at a time, taking turns: a call straight to the fake gateway (the baseline), then a generation through Atelier
        // (submit → finished: written, called, image stored, recorded, committed). Taking turns gives both the same machine:
        // measured one after the other, a quieter or busier minute would land on one side only.
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest directRequest = HttpRequest.newBuilder(URI.create(GATEWAY.baseUrl() + "/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        // The JIT is still compiling what the 500-in-flight warm-up made hot, on the same two cores: a lone generation
        // timed meanwhile measures the compiler as much as the application, which a server up for a while no longer has.
        long quietAfter = waitForQuietJit(Duration.ofSeconds(60));
        long jitBeforeTurns = jitMillis();
        Instant sequentialFrom = Instant.now();
        int turns = 100;
        long[] direct = new long[turns];
        long[] viaApp = new long[turns];
        int[] submitRequests = new int[turns];
        int[] endRequests = new int[turns];
        for (int i = 0; i < turns; i++) {
            long t0 = System.nanoTime();
            client.send(directRequest, HttpResponse.BodyHandlers.ofByteArray());
            direct[i] = System.nanoTime() - t0;
            t0 = System.nanoTime();
            long id = submit(owner);
            submitRequests[i] = RequestCountingPool.sinceConnection();
            while (!Timing.FINISHED.containsKey(id)) {
                Thread.sleep(1);
            }
            viaApp[i] = Timing.FINISHED.get(id) - t0;
            endRequests[i] = Timing.END_REQUESTS.get(id);
        }
        Arrays.sort(direct);
        Arrays.sort(viaApp);
        double directP50 = ms(direct[turns / 2]);
        double appP50 = ms(viaApp[turns / 2]);
        REPORT.add(String.format("added latency per generation   p50 %6.1f ms   p90 %6.1f ms   (app p50 %.1f ms vs direct p50 %.1f ms, %d of each, taking turns)",
                appP50 - directP50, ms(viaApp[turns * 9 / 10]) - ms(direct[turns * 9 / 10]), appP50, directP50, turns));
        REPORT.add("  one at a time: " + phases(sequentialFrom) + String.format("; JIT %d ms while the turns ran, after waiting %.1f s for it "
                + "to go quiet", jitMillis() - jitBeforeTurns, quietAfter / 1000.0));
        int[] pathRequests = new int[turns];
        Arrays.setAll(pathRequests, i -> submitRequests[i] + endRequests[i]);
        REPORT.add(String.format("  database round trip (select 1) p50 %.2f ms, after a %d ms pause %.2f ms; a generation's path sends %s "
                        + "requests (submit %s, end %s; counted in each turn, commits included)", ms(roundTrips[roundTrips.length / 2]),
                GATEWAY_LATENCY.toMillis(), ms(pausedRoundTrips[pausedRoundTrips.length / 2]), typical(pathRequests),
                typical(submitRequests), typical(endRequests)));

        for (int n : new int[] {1, 50, 500}) {
            Instant from = Instant.now();
            double perSecond = closedLoop(people, n, Duration.ofSeconds(n == 1 ? 8 : 15), new WindowProfiler(Integer.toString(n)));
            double ideal = n / (GATEWAY_LATENCY.toMillis() / 1000.0);
            REPORT.add(String.format("throughput at %3d in flight      %7.1f gen/s   ideal %7.1f gen/s   ratio %5.1f %%   (%s)", n, perSecond, ideal,
                    100 * perSecond / ideal, phases(from) + lastCpu));
        }
        // The same 500 all of one person's (the per-person limit raised to 1000 for it): every submission then waits for the
        // previous one's lock on that person, which is what keeps per-person limits exact.
        Instant from = Instant.now();
        double onePerson = closedLoop(new long[] {owner}, 500, Duration.ofSeconds(15), new WindowProfiler("500-one-person"));
        REPORT.add(String.format("  500 in flight, all one person's    %7.1f gen/s   ratio %5.1f %%   (%s)", onePerson,
                100 * onePerson / (500 / (GATEWAY_LATENCY.toMillis() / 1000.0)), phases(from) + lastCpu));
        // Baseline for the last line: the same gateway called directly with as many calls in flight, in the same run, so the
        // cost of the fake gateway and of an HTTP client on these shared cores is known.
        double direct500 = directClosedLoop(500, Duration.ofSeconds(15));
        REPORT.add(String.format("  baseline: direct calls, 500 in flight %7.1f gen/s   ideal %7.1f gen/s   ratio %5.1f %%   (%s)", direct500,
                500 / (GATEWAY_LATENCY.toMillis() / 1000.0), 100 * direct500 / (500 / (GATEWAY_LATENCY.toMillis() / 1000.0)), lastCpu));
        assertThat(appP50).isPositive();
    }

    /** Keeps {@code n} plain HTTP calls to the fake gateway in flight, without Atelier; returns completions per second. */
    double directClosedLoop(int n, Duration duration) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(GATEWAY.baseUrl() + "/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"stable-diffusion\"}")).build();
        Semaphore slots = new Semaphore(n);
        Queue<Long> finished = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread driver = new Thread(() -> {
            while (running.get()) {
                try {
                    if (slots.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                        client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
                            finished.add(System.nanoTime());
                            slots.release();
                        });
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        driver.start();
        Thread.sleep(GATEWAY_LATENCY.toMillis() + 500);
        int first = finished.size();
        CpuMeter.Reading cpuBefore = cpu.read();
        Thread.sleep(duration.toMillis());
        CpuMeter.Reading used = cpu.read().minus(cpuBefore);
        int inWindow = finished.size() - first;
        lastCpu = String.format("CPU per call: %.1f ms", used.appNanos() / 1e6 / inWindow);
        running.set(false);
        driver.join();
        slots.acquire(n);
        long[] times = finished.stream().mapToLong(Long::longValue).sorted().toArray();
        return perSecondOverWholeRounds(times, first, n);
    }

    /**
     * Completions per second over whole rounds: completion k + n frees the slot that completion k handed over, so n·m
     * completions after completion k took exactly m rounds. Counting what finishes in a fixed window instead would be off
     * by up to a whole round when the n calls move in step.
     */
    static double perSecondOverWholeRounds(long[] sortedTimes, int first, int n) {
        int rounds = (sortedTimes.length - 1 - first) / n;
        if (rounds < 1) {
            return 0;
        }
        return (double) rounds * n / ((sortedTimes[first + rounds * n] - sortedTimes[first]) / 1e9);
    }

    /** Keeps {@code n} generations of these people in flight for {@code duration}, turn by turn; returns completions per second. */
    double closedLoop(long[] owners, int n, Duration duration, WindowProfiler profiler) throws Exception {
        AtomicInteger next = new AtomicInteger();
        Semaphore slots = new Semaphore(n);
        Timing.inFlight = slots;
        AtomicBoolean running = new AtomicBoolean(true);
        // Several submitters, as several people (or browser tabs) would be.
        List<Thread> drivers = new ArrayList<>();
        for (int t = 0; t < Math.min(n, 16); t++) {
            drivers.add(new Thread(() -> {
                while (running.get()) {
                    try {
                        if (slots.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                            submit(owners[Math.floorMod(next.getAndIncrement(), owners.length)]);
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        // Warm-up of one gateway latency, then measure over whole rounds (see perSecondOverWholeRounds).
        drivers.forEach(Thread::start);
        Thread.sleep(GATEWAY_LATENCY.toMillis() + 500);
        int first = Timing.FINISH_TIMES.size();
        CpuMeter.Reading cpuBefore = cpu.read();
        long jitBefore = jitMillis();
        profiler.start();
        Thread.sleep(duration.toMillis());
        profiler.stop();
        CpuMeter.Reading used = cpu.read().minus(cpuBefore);
        long jit = jitMillis() - jitBefore;
        int finishedInWindow = Timing.FINISH_TIMES.size() - first;
        lastCpu = finishedInWindow == 0 ? "" : String.format("; CPU per generation: app %.1f ms + database %.1f ms; JIT %d ms in the window",
                used.appNanos() / 1e6 / finishedInWindow, used.databaseNanos() / 1e6 / finishedInWindow, jit);
        long[] times = Timing.FINISH_TIMES.stream().mapToLong(Long::longValue).sorted().toArray();
        running.set(false);
        for (Thread driver : drivers) {
            driver.join();
        }
        // Drain: let what is in flight finish before the next phase.
        slots.acquire(n);
        Timing.inFlight = null;
        return perSecondOverWholeRounds(times, first, n);
    }

    /**
     * Waits until the JIT compiled for less than 20 ms in the last 2 s, or {@code max} has passed.
     *
     * @return how long it waited, in milliseconds
     */
    static long waitForQuietJit(Duration max) throws InterruptedException {
        long started = System.nanoTime();
        while (System.nanoTime() - started < max.toNanos()) {
            long before = jitMillis();
            Thread.sleep(2000);
            if (jitMillis() - before < 20) {
                break;
            }
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    static long jitMillis() {
        return java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /** Where a generation's time went in one phase: waiting to be claimed, and the app's work after the call. */
    String phases(Instant from) {
        return jdbc.sql("select avg(extract(epoch from (started_at - queued_at)) * 1000), "
                        + "avg(extract(epoch from (finished_at - started_at)) * 1000 - upstream_latency_ms) "
                        + "from generation where queued_at >= ? and status = 'SUCCEEDED'")
                .param(Timestamp.from(from))
                .query((rs, i) -> String.format("avg wait for claim %.1f ms, around the call %.1f ms", rs.getDouble(1), rs.getDouble(2)))
                .single();
    }

    @Test
    void galleryPagesWithOneHundredThousandGenerations() throws Exception {
        long owner = user("bench-gallery");
        seedGenerations(owner, 100_000);
        AtelierPrincipal me = new AtelierPrincipal(owner, "bench-gallery", null, Role.USER, true);
        var auth = authentication(new UsernamePasswordAuthenticationToken(me, null, me.getAuthorities()));
        GenerationPage first = gallery.page(owner, GalleryFilter.none(), null);
        GenerationPage deep = first;
        for (int i = 0; i < 200; i++) {
            deep = gallery.page(owner, GalleryFilter.none(), deep.nextCursor());
        }
        String cursor = deep.nextCursor();
        Samples.Call firstPage = () -> mvc.perform(MockMvcRequestBuilders.get("/gallery").with(auth)).andReturn();
        Samples.Call nextPage = () -> mvc.perform(MockMvcRequestBuilders.get("/gallery").param("after", cursor)
                .header("HX-Request", "true").with(auth)).andReturn();
        Samples.Call search = () -> mvc.perform(MockMvcRequestBuilders.get("/gallery").param("q", "城市")
                .header("HX-Request", "true").header("HX-Target", "gallery-results").with(auth)).andReturn();
        // All three render the same templates: warm them together until the JIT has compiled the page. After 30 requests the
        // compiler still took 60 % of the CPU while the first page was timed (async-profiler), a state a running server
        // leaves within its first minutes.
        int warmUp = warmUntilCompiled(firstPage, nextPage, search);
        REPORT.add(galleryLine("gallery first page (100k rows)   ", firstPage, 300, warmUp));
        REPORT.add(galleryLine("gallery page 201 (infinite scroll)", nextPage, 300, warmUp));
        REPORT.add(galleryLine("gallery search '城市' (100k rows) ", search, 100, warmUp));
        assertThat(first.items()).hasSize(GalleryQuery.PAGE_SIZE);
    }

    static final int GALLERY_WARM_UP_ROUNDS = 40;

    /**
     * Rounds of the calls until the JIT compiles for less than 5 % of a round; returns the calls made, negative when the
     * rounds ran out first (the JIT was still busy).
     */
    static int warmUntilCompiled(Samples.Call... calls) throws Exception {
        int made = 0;
        for (int round = 0; round < GALLERY_WARM_UP_ROUNDS; round++) {
            long jitBefore = jitMillis();
            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                for (Samples.Call call : calls) {
                    call.run();
                    made++;
                }
            }
            if (jitMillis() - jitBefore < (System.nanoTime() - started) / 1e6 / 20) {
                return made;
            }
        }
        return -made;
    }

    static String galleryLine(String label, Samples.Call call, int iterations, int warmUp) throws Exception {
        WindowProfiler profiler = new WindowProfiler("gallery-" + label.trim().split(" ")[1]);
        long jitBefore = jitMillis();
        profiler.start();
        double[] ms = Samples.millis(0, iterations, call);
        profiler.stop();
        return String.format("%s p50 %6.1f ms   p95 %6.1f ms   (%d requests; after %d warm-up requests%s, JIT %d ms while timed)", label,
                Samples.percentile(ms, 50), Samples.percentile(ms, 95), iterations, Math.abs(warmUp),
                warmUp < 0 ? " (the JIT had not settled by then)" : "", jitMillis() - jitBefore);
    }

    void seedGenerations(long owner, int count) {
        String[] prompts = {"一幅详细的图像描绘了一个广阔的石器时代城市", "a lighthouse at dawn", "watercolor fox in snow", "赛博朋克风格的夜晚街道"};
        jdbc.sql("insert into generation (owner_id, provider_id, model, prompt, prompt_search, parameters, status, queued_at, finished_at, image_count) "
                        + "select :o, 'bench', 'stable-diffusion', p, lower(p), '{\"stream\":false}', 'SUCCEEDED', t, t, 0 from ("
                        + "select case mod(g, 4) when 0 then :p0 when 1 then :p1 when 2 then :p2 else :p3 end as p, "
                        + "cast(:start as timestamp with time zone) + make_interval(secs => g * 60) as t from generate_series(1, :n) g) s")
                .param("o", owner).param("p0", prompts[0]).param("p1", prompts[1]).param("p2", prompts[2]).param("p3", prompts[3])
                .param("start", Timestamp.from(Instant.now().minus(Duration.ofDays(80)))).param("n", count).update();
        jdbc.sql("analyze generation").update();
    }

    /** The median, and the range when the turns differed (a value kept in memory read again when it ran out, say). */
    static String typical(int[] counts) {
        int[] sorted = counts.clone();
        Arrays.sort(sorted);
        int median = sorted[sorted.length / 2];
        return sorted[0] == sorted[sorted.length - 1] ? Integer.toString(median)
                : median + " (" + sorted[0] + "–" + sorted[sorted.length - 1] + ")";
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
