package studio.atelier.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.Color;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import studio.atelier.support.Accounts;
import studio.atelier.support.Eventually;
import studio.atelier.support.FakeGateway;
import studio.atelier.support.GatewayTest;
import studio.atelier.gateway.ProviderCatalog;

/** The admin usage table, dashboard cost, prices and quotas, on PostgreSQL. */
@GatewayTest
class AdminUsageTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ProviderCatalog providers;

    MockHttpSession admin;

    @BeforeEach
    void anAdministrator() throws Exception {
        FakeGateway.reset();
        String name = Accounts.uniqueName("boss");
        Accounts.register(mvc, name);
        jdbc.sql("update app_user set role = 'ADMIN' where username_key = ?").param(name.toLowerCase(Locale.ROOT)).update();
        admin = Accounts.signIn(mvc, name, Accounts.PASSWORD);
    }

    long idOf(String name) {
        return jdbc.sql("select id from app_user where username_key = ?").param(name.toLowerCase(Locale.ROOT)).query(Long.class).single();
    }

    long audited(String action, Object target) {
        return jdbc.sql("select count(*) from audit_entry where action = ? and target_id = ?").params(action, String.valueOf(target))
                .query(Long.class).single();
    }

    /** A finished request as the recorder writes it: the record and its daily roll-up row. */
    void seed(long userId, int requests, int succeeded, int images, String cost) {
        Instant at = Instant.now();
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        for (int i = 0; i < requests; i++) {
            boolean ok = i < succeeded;
            jdbc.sql("insert into usage_record (user_id, generation_id, provider_id, model, status, error_kind, total_tokens, image_count, "
                            + "cost, currency, prompt, occurred_at) values (?, ?, 'fake', 'stable-diffusion', ?, ?, 10, ?, ?, 'USD', 'p', ?)")
                    .params(userId, 800_000 + i, ok ? "SUCCEEDED" : "FAILED", ok ? null : "UPSTREAM_ERROR", ok ? images / Math.max(1, succeeded) : 0,
                            new BigDecimal(cost).divide(BigDecimal.valueOf(requests), 6, java.math.RoundingMode.HALF_UP), Timestamp.from(at))
                    .update();
        }
        jdbc.sql("insert into usage_daily (user_id, usage_day, provider_id, model, status, error_kind, requests, images, tokens, cost) "
                + "values (?, ?, 'fake', 'stable-diffusion', 'SUCCEEDED', '', ?, ?, ?, ?)")
                .params(userId, Date.valueOf(day), succeeded, images, 10L * succeeded, new BigDecimal(cost)).update();
        if (requests > succeeded) {
            jdbc.sql("insert into usage_daily (user_id, usage_day, provider_id, model, status, error_kind, requests, images, tokens, cost) "
                    + "values (?, ?, 'fake', 'stable-diffusion', 'FAILED', 'UPSTREAM_ERROR', ?, 0, ?, 0)")
                    .params(userId, Date.valueOf(day), requests - succeeded, 10L * (requests - succeeded)).update();
        }
    }

    String html(String url, Locale locale) throws Exception {
        return mvc.perform(get(url).session(admin).locale(locale)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void theUsageTableSortsSearchesPagesDrillsDownAndExportsTheSameRows() throws Exception {
        String prefix = "tab" + (System.nanoTime() % 1_000_000);
        String a = prefix + "a", b = prefix + "b", c = prefix + "c";
        for (String n : new String[] { a, b, c }) {
            Accounts.register(mvc, n);
        }
        seed(idOf(a), 9, 9, 9, "0.30");   // most requests, least cost
        seed(idOf(b), 4, 2, 2, "5.00");   // most cost
        seed(idOf(c), 2, 2, 4, "1.25");

        String byCost = html("/admin/usage?range=7d&q=" + prefix.toUpperCase(Locale.ROOT) + "&sort=cost&dir=desc", Locale.ENGLISH);
        assertThat(byCost.indexOf(">" + b + "<")).isPositive().isLessThan(byCost.indexOf(">" + c + "<"));
        assertThat(byCost.indexOf(">" + c + "<")).isLessThan(byCost.indexOf(">" + a + "<"));
        assertThat(byCost).contains("5.00 USD").contains("50 %").contains("3 people");
        assertThat(byCost).contains("aria-sort=\"descending\"");
        String byRequestsAsc = html("/admin/usage?q=" + prefix + "&sort=requests&dir=asc", Locale.ENGLISH);
        assertThat(byRequestsAsc.indexOf(">" + c + "<")).isLessThan(byRequestsAsc.indexOf(">" + b + "<"));
        assertThat(byRequestsAsc.indexOf(">" + b + "<")).isLessThan(byRequestsAsc.indexOf(">" + a + "<"));
        String byUser = html("/admin/usage?q=" + prefix + "&sort=user&dir=desc", Locale.SIMPLIFIED_CHINESE);
        assertThat(byUser.indexOf(">" + c + "<")).isLessThan(byUser.indexOf(">" + a + "<"));
        assertThat(byUser).contains("用户名").doesNotContain("??");
        // a search narrows to one person (in good grammar); an unknown sort column is said wrong (400) and the table is by cost
        String one = html("/admin/usage?q=" + c, Locale.ENGLISH);
        assertThat(one).contains(">" + c + "<").doesNotContain(">" + a + "<").contains("1 person has usage in this range");
        assertThat(html("/admin/usage?q=nobody-" + prefix, Locale.ENGLISH)).contains("Nobody has usage in this range");
        assertThat(html("/admin/usage?q=" + c, Locale.SIMPLIFIED_CHINESE)).contains("此时间范围内有用量的用户：1 人");
        String unknownSort = mvc.perform(get("/admin/usage?q=" + c + "&sort=nonsense").session(admin).locale(Locale.ENGLISH))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(unknownSort).contains(">" + c + "<").contains("The filter “sort” cannot be “nonsense”. Choose one of: ")
                .contains("aria-sort=\"descending\"");
        // the HTMX swap of the table returns the region only
        mvc.perform(get("/admin/usage").param("q", prefix).param("sort", "images").session(admin).header("HX-Request", "true")
                        .header("HX-Target", "usage-table"))
                .andExpect(content().string(containsString("id=\"usage-table\"")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("<html"))));
        // drill-down: the person's usage page and their generations
        assertThat(byCost).contains("/admin/usage/users/" + idOf(b)).contains("/admin/review?user=" + b);
        String drill = html("/admin/usage/users/" + idOf(b) + "?range=7d", Locale.ENGLISH);
        assertThat(drill).contains("Usage of " + b).contains("5.00 USD").contains("/admin/usage/users/" + idOf(b) + "/export.csv");
        assertThat(html("/admin/usage/users/" + idOf(b) + "?range=month", Locale.SIMPLIFIED_CHINESE)).contains(b + " 的用量");
        mvc.perform(get("/admin/usage/users/999999999").session(admin)).andExpect(status().isNotFound());
        // the users list shows this month's usage
        assertThat(html("/admin/users?q=" + b, Locale.ENGLISH)).contains("4 requests, 2 images, 5.00 USD");

        MvcResult started = mvc.perform(get("/admin/usage.csv").param("q", prefix).param("sort", "cost").param("dir", "asc")
                .session(admin)).andExpect(request().asyncStarted()).andReturn();
        var response = mvc.perform(asyncDispatch(started)).andExpect(status().isOk()).andReturn().getResponse();
        assertThat(response.getContentType()).startsWith("text/csv");
        assertThat(response.getHeader("Content-Disposition")).contains("attachment").contains(".csv");
        byte[] bytes = response.getContentAsByteArray();
        assertThat(new byte[] { bytes[0], bytes[1], bytes[2] }).containsExactly(0xEF, 0xBB, 0xBF);
        String csv = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertThat(csv).isEqualTo("username,requests,succeeded,success_rate_percent,images,tokens,cost,currency\r\n"
                + a + ",9,9,100.0,9,90,0.3,USD\r\n"
                + c + ",2,2,100.0,4,20,1.25,USD\r\n"
                + b + ",4,2,50.0,2,40,5,USD\r\n");
    }

    @Test
    void theDashboardShowsCostInTotalsChartAndTopUsers() throws Exception {
        String name = Accounts.uniqueName("spender");
        Accounts.register(mvc, name);
        seed(idOf(name), 3, 3, 3, "1234.5");
        String page = html("/admin?range=7d", Locale.ENGLISH);
        assertThat(page).contains("Top users by cost").contains(name).contains("&quot;cost&quot;").contains("data-label-cost");
        assertThat(page).contains("/admin/usage/users/" + idOf(name));
        for (String range : new String[] { "24h", "30d", "month" }) {
            assertThat(html("/admin?range=" + range, Locale.SIMPLIFIED_CHINESE)).contains("费用最高的用户").contains(name);
        }
    }

    @Test
    void aLowerQuotaIsRefusedAtTheNextSubmitAndEachQuotaChangeLeavesOneAuditEntry() throws Exception {
        String name = Accounts.uniqueName("quota");
        MockHttpSession user = Accounts.signUpAndIn(mvc, name);
        long id = idOf(name);
        mvc.perform(post("/keys").with(csrf()).session(user).param("providerId", "fake").param("apiKey", "sk-quota-key-123456"));
        seed(id, 2, 2, 2, "0");

        // invalid input: nothing saved, nothing audited, messages in both languages
        MvcResult bad = mvc.perform(post("/admin/users/" + id + "/quota").with(csrf()).session(admin).param("requestsPerDay", "-1")
                .param("costPerMonth", "abc")).andExpect(flash().attribute("flashError", "admin.quota.error.form")).andReturn();
        assertThat(audited("QUOTA_CHANGED", id)).isZero();
        mvc.perform(get("/admin/users/" + id + "/quota").session(admin).locale(Locale.ENGLISH).flashAttrs(bad.getFlashMap()))
                .andExpect(content().string(containsString("Enter a whole number of zero or more")));
        mvc.perform(get("/admin/users/" + id + "/quota").session(admin).locale(Locale.SIMPLIFIED_CHINESE).flashAttrs(bad.getFlashMap()))
                .andExpect(content().string(containsString("请输入零或更大的金额")));

        mvc.perform(post("/admin/users/" + id + "/quota").with(csrf()).session(admin).param("requestsPerDay", "2")
                .param("imagesPerMonth", "").param("costPerMonth", "")).andExpect(flash().attribute("flashSuccess", "admin.quota.saved"));
        assertThat(audited("QUOTA_CHANGED", id)).isEqualTo(1);
        assertThat(jdbc.sql("select before_value || ' -> ' || after_value from audit_entry where action = 'QUOTA_CHANGED' and target_id = ?")
                .param(String.valueOf(id)).query(String.class).single())
                .isEqualTo("default -> requestsPerDay=2, imagesPerMonth=unlimited, costPerMonth=unlimited");
        assertThat(html("/admin/users/" + id + "/quota", Locale.ENGLISH)).contains("This person has their own quota.")
                .contains("Requests today: 2 of 2");

        String refused = mvc.perform(post("/generations").with(csrf()).session(user).locale(Locale.ENGLISH).param("providerId", "fake")
                .param("prompt", "one too many")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(refused).contains("limit of 2 requests per day");

        // back to the default: one more entry
        mvc.perform(post("/admin/users/" + id + "/quota").with(csrf()).session(admin).param("useDefault", "true"));
        assertThat(audited("QUOTA_CHANGED", id)).isEqualTo(2);
        assertThat(html("/admin/users/" + id + "/quota", Locale.ENGLISH)).contains("The default quota applies");

        // the default quota: set and restored, one entry each
        long before = audited("QUOTA_CHANGED", "default");
        mvc.perform(post("/admin/quota/default").with(csrf()).session(admin).param("imagesPerMonth", "100000"))
                .andExpect(flash().attribute("flashSuccess", "admin.quota.defaultSaved"));
        assertThat(audited("QUOTA_CHANGED", "default")).isEqualTo(before + 1);
        assertThat(html("/admin/users", Locale.ENGLISH)).contains("value=\"100000\"");
        mvc.perform(post("/admin/quota/default").with(csrf()).session(admin));
        assertThat(audited("QUOTA_CHANGED", "default")).isEqualTo(before + 2);
    }

    @Test
    void aNewPriceIsAVersionUsedForTheNextGenerationAndLeavesOneAuditEntry() throws Exception {
        String model = providers.find("fake").orElseThrow().defaultModel();
        // invalid: negative amount, bad currency, unknown model; nothing saved or audited
        long versions = jdbc.sql("select count(*) from price where provider_id = 'fake'").query(Long.class).single();
        MvcResult bad = mvc.perform(post("/admin/providers/fake/prices").with(csrf()).session(admin).param("model", "no-such-model")
                .param("perCall", "-1").param("currency", "dollars")).andExpect(flash().attribute("flashError", "admin.prices.error.form")).andReturn();
        mvc.perform(get("/admin/providers").session(admin).locale(Locale.ENGLISH).flashAttrs(bad.getFlashMap()))
                .andExpect(content().string(containsString("three-letter currency code")))
                .andExpect(content().string(containsString("Choose one of this provider")))
                .andExpect(content().string(containsString("at most six decimals")));
        mvc.perform(get("/admin/providers").session(admin).locale(Locale.SIMPLIFIED_CHINESE).flashAttrs(bad.getFlashMap()))
                .andExpect(content().string(containsString("三个字母的货币代码")));
        assertThat(jdbc.sql("select count(*) from price where provider_id = 'fake'").query(Long.class).single()).isEqualTo(versions);
        mvc.perform(post("/admin/providers/nope/prices").with(csrf()).session(admin).param("model", "*")).andExpect(status().isNotFound());

        long auditBefore = audited("PRICE_SET", "fake:" + model);
        mvc.perform(post("/admin/providers/fake/prices").with(csrf()).session(admin).param("model", model).param("perCall", "0.25")
                .param("perImage", "0.5").param("per1kTokens", "").param("failedCallCost", "0.01").param("currency", "usd"))
                .andExpect(flash().attribute("flashSuccess", "admin.prices.saved"));
        long version = jdbc.sql("select max(id) from price where provider_id = 'fake' and model = ?").param(model).query(Long.class).single();
        assertThat(audited("PRICE_SET", "fake:" + model)).isEqualTo(auditBefore + 1);
        assertThat(html("/admin/providers", Locale.ENGLISH)).contains("Current (#" + version + ")").contains("0.25");

        String name = Accounts.uniqueName("payer");
        MockHttpSession owner = Accounts.signUpAndIn(mvc, name);
        mvc.perform(post("/keys").with(csrf()).session(owner).param("providerId", "fake").param("apiKey", "sk-payer-key-123456"));
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(
                "![a](" + FakeGateway.dataUri(FakeGateway.png(Color.ORANGE)) + ")"))));
        mvc.perform(post("/generations").with(csrf()).session(owner).param("providerId", "fake").param("model", model).param("prompt", "priced"));
        long userId = idOf(name);
        Eventually.within(Duration.ofSeconds(20)).until(() -> jdbc.sql("select count(*) from usage_record where user_id = ?").param(userId)
                .query(Long.class).single() == 1);
        var row = jdbc.sql("select price_version_id, cost, image_count, coalesce(total_tokens, 0) from usage_record where user_id = ?").param(userId)
                .query((rs, n) -> new Object[] { rs.getLong(1), rs.getBigDecimal(2), rs.getInt(3) }).single();
        assertThat(row[0]).isEqualTo(version);
        assertThat((BigDecimal) row[1]).isEqualByComparingTo(new BigDecimal("0.25").add(new BigDecimal("0.5").multiply(BigDecimal.valueOf((Integer) row[2]))));
    }
}
