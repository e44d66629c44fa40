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
 * The admin dashboard and the usage-per-user table with 1 000 000 usage records on PostgreSQL (the same data as
 * {@link UsagePageBench}: 1 000 people over 90 days). Measures GET /admin and GET /admin/usage (MockMvc, the whole
 * request) and prints p50 / p95 / max. Not part of the normal test run (tag "bench"):
 *
 * <pre>./mvnw -B test -Dgroups=bench -DexcludedGroups= -Dtest=AdminDashboardBench -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * {@code -Dbench.records=100000} seeds fewer records for a quick run.
 */
@Tag("bench")
@PostgresTest
// no print-on-failure buffer: it formatted every response and model into memory and was timed as if the application did it
@org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc(print = org.springframework.boot.webmvc.test.autoconfigure.MockMvcPrint.NONE)
// its own context, hence its own database: the benchmarks seed a million rows each and must not meet
@org.springframework.test.context.TestPropertySource(properties = "atelier.bench.database=AdminDashboardBench")
class AdminDashboardBench {

    static final int USERS = 1_000;
    static final int RECORDS = Integer.getInteger("bench.records", 1_000_000);
    static final int HEAVY = RECORDS / 10;
    static final int DAYS = 90;
    static final int WARM_UP = 50;
    static final int ITERATIONS = 200;

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    @Test
    void adminDashboardAndUsageTableWithAMillionRecords() throws Exception {
        String adminName = Accounts.uniqueName("benchadmin");
        Accounts.register(mvc, adminName);
        jdbc.sql("update app_user set role = 'ADMIN' where username_key = ?").param(adminName.toLowerCase(Locale.ROOT)).update();
        MockHttpSession admin = Accounts.signIn(mvc, adminName, Accounts.PASSWORD);
        String heavyName = Accounts.uniqueName("heavy");
        Accounts.register(mvc, heavyName);
        long heavyId = jdbc.sql("select id from app_user where username_key = ?").param(heavyName.toLowerCase(Locale.ROOT))
                .query(Long.class).single();

        long seedStart = System.nanoTime();
        UsageSeeder.seed(jdbc, heavyId, USERS, RECORDS, HEAVY, DAYS);
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        long total = jdbc.sql("select count(*) from usage_record").query(Long.class).single();
        long dailyRows = jdbc.sql("select count(*) from usage_daily").query(Long.class).single();
        assertThat(total).isGreaterThanOrEqualTo(RECORDS);

        String[][] scenarios = {
                { "/admin (7 days, full page)", "/admin", "false" },
                { "/admin?range=24h (HTMX)", "/admin?range=24h", "true" },
                { "/admin?range=30d (HTMX)", "/admin?range=30d", "true" },
                { "/admin?range=month (full page)", "/admin?range=month", "false" },
                { "/admin/usage (7 days, by cost)", "/admin/usage", "false" },
                { "/admin/usage?range=30d&sort=requests", "/admin/usage?range=30d&sort=requests&dir=desc", "false" },
                { "/admin/usage?range=24h", "/admin/usage?range=24h", "false" },
                { "/admin/usage?q=bench1&sort=user (HTMX)", "/admin/usage?q=bench1&sort=user&dir=asc", "true" },
        };
        List<String> lines = new ArrayList<>();
        for (String[] s : scenarios) {
            boolean htmx = Boolean.parseBoolean(s[2]);
            lines.add(Samples.row(s[0], Samples.millis(WARM_UP, ITERATIONS,
                    () -> assertThat(perform(admin, s[1], htmx).getResponse().getStatus()).isEqualTo(200))));
        }
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.println();
        System.out.println("=== Atelier admin benchmark ===");
        System.out.printf(Locale.ROOT, "system load average during the run: %.1f on %d cores%n", load, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%,d usage records (%,d users, %d days), %,d usage_daily rows; seeded in %.1f s%n", total, USERS, DAYS,
                dailyRows, seedSeconds);
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
            request.header("HX-Target", url.startsWith("/admin/usage") ? "usage-table" : "dashboard-body");
        }
        return mvc.perform(request).andReturn();
    }

}
