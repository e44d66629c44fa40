package studio.atelier.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.ArrayList;
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
// no print-on-failure buffer: it formatted every response and model into memory and was timed as if the application did it
@org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc(print = org.springframework.boot.webmvc.test.autoconfigure.MockMvcPrint.NONE)
// its own context, hence its own database: the benchmarks seed a million rows each and must not meet
@org.springframework.test.context.TestPropertySource(properties = "atelier.bench.database=UsagePageBench")
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
        UsageSeeder.seed(jdbc, heavyId, USERS, RECORDS, HEAVY, DAYS);
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
            boolean htmx = Boolean.parseBoolean(s[2]);
            lines.add(Samples.row(s[0], Samples.millis(WARM_UP, ITERATIONS,
                    () -> assertThat(perform(heavy, s[1], htmx).getResponse().getStatus()).isEqualTo(200))));
        }
        // the database part alone (UsageApi.report: the roll-up or 24 h query plus the latest requests), no web layer
        for (String r : List.of("7d", "24h", "30d", "month")) {
            studio.atelier.usage.UsageRange range = studio.atelier.usage.UsageRange.parse(r, null, null);
            lines.add(Samples.row("UsageApi.report " + r + " (queries only)",
                    Samples.millis(WARM_UP, ITERATIONS, () -> usage.report(heavyId, range))));
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


    private MvcResult perform(MockHttpSession session, String url, boolean htmx) throws Exception {
        var request = get(url).session(session);
        if (htmx) {
            request.header("HX-Request", "true");
        }
        return mvc.perform(request).andReturn();
    }

}
