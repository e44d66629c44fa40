package studio.atelier.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import studio.atelier.support.Accounts;
import studio.atelier.support.PostgresTest;

/**
 * The usage page with 1 000 000 usage records on PostgreSQL: 1 000 people over 90 days, one heavy user with 100 000.
 * Measures GET /usage for the heavy user (MockMvc, the whole request: security, controller, queries, Thymeleaf) and
 * prints p50 / p95 / max per range. Not part of the normal test run (tag "bench"):
 *
 * <pre>./mvnw -B test -Dgroups=bench -DexcludedGroups= -Dtest=UsagePageBench -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@Tag("bench")
@PostgresTest
class UsagePageBench {

    static final int USERS = 1_000;
    static final int RECORDS = 1_000_000;
    static final int HEAVY = 100_000;
    static final int DAYS = 90;
    static final int WARM_UP = 50;
    static final int ITERATIONS = 200;

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    studio.atelier.usage.UsageApi usage;

    @Test
    void usagePageForAHeavyUserWithAMillionRecords() throws Exception {
        String heavyName = Accounts.uniqueName("heavy");
        MockHttpSession heavy = Accounts.signUpAndIn(mvc, heavyName);
        long heavyId = jdbc.sql("select id from app_user where username_key = ?").param(heavyName.toLowerCase(Locale.ROOT))
                .query(Long.class).single();

        long seedStart = System.nanoTime();
        seed(heavyId);
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        long total = jdbc.sql("select count(*) from usage_record").query(Long.class).single();
        long heavyRows = jdbc.sql("select count(*) from usage_record where user_id = ?").param(heavyId).query(Long.class).single();
        long dailyRows = jdbc.sql("select count(*) from usage_daily").query(Long.class).single();
        assertThat(total).isEqualTo(RECORDS);
        assertThat(heavyRows).isEqualTo(HEAVY);

        String[][] scenarios = {
                { "/usage (7 days, full page)", "/usage", "false" },
                { "/usage?range=24h (HTMX fragment)", "/usage?range=24h", "true" },
                { "/usage?range=30d (HTMX fragment)", "/usage?range=30d", "true" },
                { "/usage?range=month (full page)", "/usage?range=month", "false" },
                { "/usage?range=custom 90 days (full page)", "/usage?range=custom&from=" + java.time.LocalDate.now().minusDays(89)
                        + "&to=" + java.time.LocalDate.now(), "false" },
        };
        List<String> lines = new ArrayList<>();
        for (String[] s : scenarios) {
            double[] ms = measure(heavy, s[1], Boolean.parseBoolean(s[2]));
            lines.add(String.format(Locale.ROOT, "| %-42s | %7.2f | %7.2f | %7.2f |", s[0], pct(ms, 50), pct(ms, 95), ms[ms.length - 1]));
        }
        // the database part alone (UsageApi.report: the roll-up or 24 h query plus the latest requests), no web layer
        for (String r : List.of("7d", "24h", "30d", "month")) {
            studio.atelier.usage.UsageRange range = studio.atelier.usage.UsageRange.parse(r, null, null);
            for (int i = 0; i < WARM_UP; i++) {
                usage.report(heavyId, range);
            }
            double[] ms = new double[ITERATIONS];
            for (int i = 0; i < ITERATIONS; i++) {
                long t = System.nanoTime();
                usage.report(heavyId, range);
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            lines.add(String.format(Locale.ROOT, "| %-42s | %7.2f | %7.2f | %7.2f |", "UsageApi.report " + r + " (queries only)", pct(ms, 50),
                    pct(ms, 95), ms[ms.length - 1]));
        }
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.println();
        System.out.printf(Locale.ROOT, "system load average during the run: %.1f on %d cores%n", load, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "UsagePageBench: %,d usage records (%,d users, %d days), heavy user %,d records, %,d usage_daily rows; seeded in %.1f s%n",
                total, USERS, DAYS, heavyRows, dailyRows, seedSeconds);
        System.out.printf(Locale.ROOT, "%d iterations after %d warm-up requests, milliseconds per request:%n", ITERATIONS, WARM_UP);
        System.out.println("| request                                    |     p50 |     p95 |     max |");
        System.out.println("|--------------------------------------------|---------|---------|---------|");
        lines.forEach(System.out::println);
        System.out.println();
    }

    private double[] measure(MockHttpSession session, String url, boolean htmx) throws Exception {
        for (int i = 0; i < WARM_UP + ITERATIONS; i++) {
            if (i == WARM_UP) {
                break;
            }
            perform(session, url, htmx);
        }
        double[] ms = new double[ITERATIONS];
        for (int i = 0; i < ITERATIONS; i++) {
            long t = System.nanoTime();
            MvcResult r = perform(session, url, htmx);
            ms[i] = (System.nanoTime() - t) / 1e6;
            assertThat(r.getResponse().getStatus()).isEqualTo(200);
        }
        Arrays.sort(ms);
        return ms;
    }

    private MvcResult perform(MockHttpSession session, String url, boolean htmx) throws Exception {
        var request = get(url).session(session);
        if (htmx) {
            request.header("HX-Request", "true");
        }
        return mvc.perform(request).andReturn();
    }

    private static double pct(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /**
     * Set-based batch inserts on the server (generate_series), then the daily roll-up exactly as the recorder keeps it
     * (one row per user, day, provider, model, status, error kind), then ANALYZE.
     */
    private void seed(long heavyId) {
        jdbc.sql("insert into app_user (username, username_key, password_hash, role, created_at) "
                + "select 'bench' || g, 'bench' || g, '{noop}x', 'USER', now() from generate_series(1, " + (USERS - 1) + ") g").update();
        long firstOther = jdbc.sql("select min(id) from app_user where username_key like 'bench%'").query(Long.class).single();
        String columns = "insert into usage_record (user_id, generation_id, provider_id, model, api_key_id, status, error_kind, prompt_tokens, "
                + "completion_tokens, total_tokens, image_count, upstream_latency_ms, cost, currency, price_version_id, prompt, occurred_at) ";
        String values = "'fake', (array['stable-diffusion','dall-e-3','flux-pro'])[1 + g % 3], null, "
                + "case when g % 20 < 17 then 'SUCCEEDED' when g % 20 < 19 then 'FAILED' else 'CANCELLED' end, "
                + "case when g % 20 < 17 then null when g % 20 = 17 then 'UPSTREAM_ERROR' when g % 20 = 18 then 'RATE_LIMITED' else 'CANCELLED' end, "
                + "50, 20, 70, case when g % 20 < 17 then 1 + g % 2 else 0 end, 800 + g % 4000, "
                + "case when g % 20 < 17 then 0.040000 else 0 end, 'USD', null, 'bench prompt number ' || g || ', 石器时代', ";
        // the heavy user: 100 000 records spread evenly over the last 90 days
        jdbc.sql(columns + "select " + heavyId + ", g, " + values
                + "now() - (g * (interval '90 days' / " + HEAVY + ")) from generate_series(1, " + HEAVY + ") g").update();
        // everyone else: 900 000 records over 999 users, in chunks
        int others = RECORDS - HEAVY;
        int chunk = 150_000;
        for (int start = 1; start <= others; start += chunk) {
            int end = Math.min(others, start + chunk - 1);
            jdbc.sql(columns + "select " + firstOther + " + (g % " + (USERS - 1) + "), " + HEAVY + " + g, " + values
                    + "now() - ((g::bigint * 7919 % " + others + ") * (interval '90 days' / " + others + ")) from generate_series(" + start + ", " + end + ") g")
                    .update();
        }
        jdbc.sql("insert into usage_daily (user_id, usage_day, provider_id, model, status, error_kind, requests, images, tokens, cost) "
                + "select user_id, cast(occurred_at at time zone 'UTC' as date), provider_id, model, status, coalesce(error_kind, ''), "
                + "count(*), sum(image_count), sum(coalesce(total_tokens, 0)), sum(cost) from usage_record "
                + "group by user_id, cast(occurred_at at time zone 'UTC' as date), provider_id, model, status, coalesce(error_kind, '')").update();
        jdbc.sql("analyze usage_record").update();
        jdbc.sql("analyze usage_daily").update();
    }
}
