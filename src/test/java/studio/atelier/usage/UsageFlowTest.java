package studio.atelier.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.Color;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.validation.BindingResult;
import org.springframework.validation.MapBindingResult;

import studio.atelier.generation.GenerationForm;
import studio.atelier.generation.GenerationService;
import studio.atelier.generation.GenerationSubmission;
import studio.atelier.generation.InFlightGenerations;
import studio.atelier.generation.GenerationStatus;
import studio.atelier.generation.GenerationView;
import studio.atelier.generation.SubmissionGuard;
import studio.atelier.support.AsAdmin;
import studio.atelier.support.Accounts;
import studio.atelier.support.Eventually;
import studio.atelier.support.FakeGateway;
import studio.atelier.support.GatewayTest;

/** Usage records, prices, quotas, the usage page and the export, on PostgreSQL, against the fake gateway. */
@GatewayTest
class UsageFlowTest {

    /** The system clock, moved forward on demand (monthly reset). */
    static final class MovableClock extends Clock {
        final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset.get());
        }
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock();
        }

        /** Counts the savepoints the watched thread asks for: the fallback a lone ending must not need. */
        @Bean
        static org.springframework.beans.factory.config.BeanPostProcessor savepointCounter() {
            return new org.springframework.beans.factory.config.BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof javax.sql.DataSource ? counting(bean, javax.sql.DataSource.class) : bean;
                }
            };
        }

        private static Object counting(Object target, Class<?> type) {
            return java.lang.reflect.Proxy.newProxyInstance(UsageFlowTest.class.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
                if (method.getName().equals("setSavepoint") && Thread.currentThread() == watched) {
                    SAVEPOINTS.incrementAndGet();
                }
                try {
                    Object result = method.invoke(target, args);
                    return result instanceof java.sql.Connection connection && !method.getName().equals("unwrap")
                            ? counting(connection, java.sql.Connection.class) : result;
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                }
            });
        }
    }

    static final java.util.concurrent.atomic.AtomicInteger SAVEPOINTS = new java.util.concurrent.atomic.AtomicInteger();
    static volatile Thread watched;

    @Autowired
    MockMvc mvc;
    @Autowired
    GenerationSubmission submissions;
    @Autowired
    GenerationService generations;
    @Autowired
    InFlightGenerations inFlight;
    @Autowired
    UsageAdmin admin;
    @Autowired
    UsageApi usage;
    @Autowired
    QuotaGuard guard;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    org.springframework.context.MessageSource messages;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    MovableClock clock;

    MockHttpSession alice;
    long aliceId;
    String aliceName;

    @BeforeEach
    void signUp() throws Exception {
        FakeGateway.reset();
        aliceName = Accounts.uniqueName("use");
        alice = Accounts.signUpAndIn(mvc, aliceName);
        aliceId = userId(aliceName);
        storeKey(alice, "fake");
    }

    @AfterEach
    void clockBack() {
        clock.offset.set(Duration.ZERO);
    }

    long userId(String name) {
        return jdbc.sql("select id from app_user where username_key = ?").param(name.toLowerCase(Locale.ROOT)).query(Long.class).single();
    }

    void storeKey(MockHttpSession session, String provider) throws Exception {
        mvc.perform(post("/keys").with(csrf()).session(session).param("providerId", provider).param("label", "k")
                .param("apiKey", "sk-usage-test-0123456789abcdef")).andExpect(status().is3xxRedirection());
    }

    long keyId(long userId) {
        return jdbc.sql("select id from api_key where owner_id = ? and provider_id = 'fake'").param(userId).query(Long.class).single();
    }

    static GenerationForm form(String prompt, String model, int n) {
        return new GenerationForm(prompt, null, "fake", null, model, null, null, null, String.valueOf(n), null, null, null, null);
    }

    Optional<Long> submitDirect(long userId, String model, int n, BindingResult errors) {
        return submissions.submit(userId, form("direct " + model, model, n), errors);
    }

    GenerationView awaitFinished(long userId, long id) {
        Eventually.within(Duration.ofSeconds(20)).until(() -> generations.find(userId, id).orElseThrow().finished());
        return generations.find(userId, id).orElseThrow();
    }

    void stubImages(int count) {
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < count; i++) {
            content.append("![").append(i).append("](").append(FakeGateway.dataUri(FakeGateway.png(new Color(40 * i, 90, 160)))).append(")\n");
        }
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(content.toString()))));
    }

    Record recordOf(long generationId) {
        return jdbc.sql("select status, cost, price_version_id, total_tokens, image_count, upstream_latency_ms, api_key_id, prompt, currency "
                        + "from usage_record where generation_id = ?").param(generationId)
                .query((rs, n) -> new Record(rs.getString(1), rs.getBigDecimal(2), rs.getObject(3, Long.class), rs.getObject(4, Integer.class),
                        rs.getInt(5), rs.getObject(6, Long.class), rs.getObject(7, Long.class), rs.getString(8), rs.getString(9)))
                .single();
    }

    record Record(String status, BigDecimal cost, Long priceVersion, Integer tokens, int images, Long latency, Long keyId, String prompt,
            String currency) {
    }

    /** A finished request as the recorder would write it (record + roll-up), for page, export and quota tests. */
    void seed(long userId, Instant at, String status, int images, String cost, String prompt) {
        seed(userId, at, status, images, cost, prompt, "UPSTREAM_ERROR");
    }

    /** As above, failed ones with this error kind. */
    void seed(long userId, Instant at, String status, int images, String cost, String prompt, String failedKind) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        jdbc.sql("insert into usage_record (user_id, generation_id, provider_id, model, status, error_kind, total_tokens, image_count, "
                        + "upstream_latency_ms, cost, currency, prompt, occurred_at) values (?, ?, 'fake', 'stable-diffusion', ?, ?, 10, ?, 1234, ?, 'USD', ?, ?)")
                .params(userId, 900_000 + (long) (Math.random() * 1_000_000), status, "SUCCEEDED".equals(status) ? null : failedKind,
                        images, new BigDecimal(cost), prompt, Timestamp.from(at))
                .update();
        String errorKind = "SUCCEEDED".equals(status) ? "" : failedKind;
        int updated = jdbc.sql("update usage_daily set requests = requests + 1, images = images + ?, tokens = tokens + 10, cost = cost + ? "
                        + "where user_id = ? and usage_day = ? and provider_id = 'fake' and model = 'stable-diffusion' and status = ? and error_kind = ?")
                .params(images, new BigDecimal(cost), userId, Date.valueOf(day), status, errorKind).update();
        if (updated == 0) {
            jdbc.sql("insert into usage_daily (user_id, usage_day, provider_id, model, status, error_kind, requests, images, tokens, cost) "
                            + "values (?, ?, 'fake', 'stable-diffusion', ?, ?, 1, ?, 10, ?)")
                    .params(userId, Date.valueOf(day), status, errorKind, images, new BigDecimal(cost)).update();
        }
    }

    String page(MockHttpSession session, String url, boolean htmx, Locale locale) throws Exception {
        var request = get(url).session(session).locale(locale);
        if (htmx) {
            request.header("HX-Request", "true");
        }
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    byte[] csv(MockHttpSession session, String query) throws Exception {
        MvcResult started = mvc.perform(get("/usage/export.csv" + query).session(session)).andExpect(request().asyncStarted()).andReturn();
        MvcResult done = mvc.perform(asyncDispatch(started)).andExpect(status().isOk()).andReturn();
        assertThat(done.getResponse().getContentType()).startsWith("text/csv");
        assertThat(done.getResponse().getHeader("Content-Disposition")).contains("attachment").contains(".csv");
        return done.getResponse().getContentAsByteArray();
    }

    // ---------------------------------------------------------------- records and prices

    @Test
    void aFinishedGenerationIsRecordedWithTheCostOfThePriceVersionOfItsTimeAndLaterPricesNeverRewriteIt() throws Exception {
        Price v1 = AsAdmin.call(() -> admin.setPrice(new NewPrice("fake", "dall-e-3", new BigDecimal("0.01"), new BigDecimal("0.02"), new BigDecimal("0.5"),
                null, null, null), null));
        stubImages(2);
        long first = submitDirect(aliceId, "dall-e-3", 2, new MapBindingResult(new HashMap<>(), "form")).orElseThrow();
        GenerationView done = awaitFinished(aliceId, first);
        assertThat(done.status()).isEqualTo(GenerationStatus.SUCCEEDED);

        Record r1 = recordOf(first);
        // 0.01 per call + 2 × 0.02 per image + 77 tokens × 0.5 / 1000
        assertThat(r1.cost()).isEqualByComparingTo("0.0885");
        assertThat(r1.priceVersion()).isEqualTo(v1.id());
        assertThat(r1.status()).isEqualTo("SUCCEEDED");
        assertThat(r1.tokens()).isEqualTo(77);
        assertThat(r1.images()).isEqualTo(2);
        assertThat(r1.latency()).isNotNull();
        assertThat(r1.keyId()).isEqualTo(keyId(aliceId));
        assertThat(r1.prompt()).isEqualTo("direct dall-e-3");
        assertThat(r1.currency()).isEqualTo("USD");

        Price v2 = AsAdmin.call(() -> admin.setPrice(new NewPrice("fake", "dall-e-3", new BigDecimal("1"), BigDecimal.ZERO, null, null, null, null), null));
        assertThat(v2.id()).isNotEqualTo(v1.id());
        long second = submitDirect(aliceId, "dall-e-3", 2, new MapBindingResult(new HashMap<>(), "form")).orElseThrow();
        awaitFinished(aliceId, second);

        assertThat(recordOf(first).cost()).as("history is not rewritten").isEqualByComparingTo("0.0885");
        assertThat(recordOf(first).priceVersion()).isEqualTo(v1.id());
        assertThat(recordOf(second).cost()).isEqualByComparingTo("1");
        assertThat(recordOf(second).priceVersion()).isEqualTo(v2.id());
        assertThat(AsAdmin.call(() -> admin.priceHistory("fake"))).extracting(Price::id).contains(v1.id(), v2.id());

        // the daily roll-up, written in the same transactions, agrees with the records
        var day = jdbc.sql("select sum(requests), sum(images), sum(tokens), sum(cost) from usage_daily where user_id = ?").param(aliceId)
                .query((rs, n) -> new Object[] { rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getBigDecimal(4) }).single();
        assertThat(day[0]).isEqualTo(2L);
        assertThat(day[1]).isEqualTo(4L);
        assertThat(day[2]).isEqualTo(154L);
        assertThat((BigDecimal) day[3]).isEqualByComparingTo("1.0885");

        // the gallery detail shows the record: the image ↔ request ↔ cost link
        String detail = page(alice, "/generations/" + first, false, Locale.ENGLISH);
        assertThat(detail).contains("Usage record").contains("0.0885 USD").contains("#" + v1.id());
        // and the keys page counts the key's requests and cost this month
        String keys = page(alice, "/keys", false, Locale.ENGLISH);
        assertThat(keys).contains("Requests this month").contains(">2</td>").contains("1.0885 USD");
    }

    @Autowired
    org.springframework.context.ApplicationEventPublisher events;

    /** Ends generations of alice together, in one transaction, as the finishing writer does under load. */
    void finishTogether(List<String[]> rows, long firstId) {
        tx.executeWithoutResult(status -> {
            long id = firstId;
            for (String[] row : rows) {
                GenerationStatus end = GenerationStatus.valueOf(row[1]);
                events.publishEvent(new studio.atelier.generation.GenerationFinished(id++, aliceId, "fake", row[0], null, end,
                        row.length > 2 ? row[2] : null, 5, 5, 10, end == GenerationStatus.SUCCEEDED ? 1 : 0, 1000L, true,
                        clock.instant(), null, "together"));
            }
        });
    }

    @Test
    void manyGenerationsEndingTogetherAddUpPerDayRowWhetherTheRowsAreNewOrThere() {
        List<String[]> five = List.of(new String[] {"m-a", "SUCCEEDED"}, new String[] {"m-b", "SUCCEEDED"},
                new String[] {"m-a", "FAILED", "TIMEOUT"}, new String[] {"m-a", "FAILED", "KEY_REJECTED"},
                new String[] {"m-c", "CANCELLED", "CANCELLED"});
        finishTogether(five, 9_000_000_000L); // all five rows new: the batch is undone and they are inserted one by one
        finishTogether(five, 9_000_000_100L); // all there: one batch of updates
        List<String[]> sixWithANewOne = new java.util.ArrayList<>(five);
        sixWithANewOne.add(0, new String[] {"m-0", "SUCCEEDED"}); // sorts first, before rows the batch would lock
        finishTogether(sixWithANewOne, 9_000_000_200L);

        var perRow = jdbc.sql("select model, status, error_kind, requests, images, tokens from usage_daily where user_id = ? "
                        + "order by model, status, error_kind").param(aliceId)
                .query((rs, n) -> rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3) + " " + rs.getLong(4) + " "
                        + rs.getLong(5) + " " + rs.getLong(6)).list();
        assertThat(perRow).containsExactly("m-0/SUCCEEDED/ 1 1 10", "m-a/FAILED/KEY_REJECTED 3 0 30", "m-a/FAILED/TIMEOUT 3 0 30",
                "m-a/SUCCEEDED/ 3 3 30", "m-b/SUCCEEDED/ 3 3 30", "m-c/CANCELLED/CANCELLED 3 0 30");
        assertThat(jdbc.sql("select count(*) from usage_record where user_id = ?").param(aliceId).query(Long.class).single()).isEqualTo(16L);
    }

    @Test
    void aLoneEndingAddsToItsDayRowInTheRequestThatRecordsItWithoutAFallback() {
        watched = Thread.currentThread();
        try {
            int start = SAVEPOINTS.get();
            finishTogether(List.<String[]>of(new String[] {"m-lone", "SUCCEEDED"}), 9_000_000_300L);
            assertThat(SAVEPOINTS.get()).as("a new day row: the update found none, it was inserted inside a savepoint").isEqualTo(start + 1);
            finishTogether(List.<String[]>of(new String[] {"m-lone", "SUCCEEDED"}), 9_000_000_301L);
            finishTogether(List.<String[]>of(new String[] {"m-lone", "FAILED", "TIMEOUT"}), 9_000_000_302L);
            finishTogether(List.<String[]>of(new String[] {"m-lone", "FAILED", "TIMEOUT"}), 9_000_000_303L);
            assertThat(SAVEPOINTS.get()).as("rows there (no team, no error kind, and with one): found by the update")
                    .isEqualTo(start + 2);
        } finally {
            watched = null;
        }
        var perRow = jdbc.sql("select status, error_kind, requests from usage_daily where user_id = ? and model = 'm-lone' "
                + "order by status").param(aliceId).query((rs, n) -> rs.getString(1) + "/" + rs.getString(2) + " " + rs.getLong(3)).list();
        assertThat(perRow).containsExactly("FAILED/TIMEOUT 2", "SUCCEEDED/ 2");
    }

    @Test
    void failedCallsCostWhatTheAdminSetsAndUnpricedModelsAreFree() throws Exception {
        AsAdmin.call(() -> admin.setPrice(new NewPrice("fake", "stable-diffusion", new BigDecimal("0.05"), null, null, new BigDecimal("0.001"), null, null), null));
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                .withStatus(500).withBody("{\"error\":{\"message\":\"boom\"}}")));
        long failed = submitDirect(aliceId, "stable-diffusion", 1, new MapBindingResult(new HashMap<>(), "form")).orElseThrow();
        assertThat(awaitFinished(aliceId, failed).status()).isEqualTo(GenerationStatus.FAILED);
        Record r = recordOf(failed);
        assertThat(r.status()).isEqualTo("FAILED");
        assertThat(r.cost()).as("the failed-call cost").isEqualByComparingTo("0.001");

        // a provider-wide price ('*') applies to models without their own price
        Price any = AsAdmin.call(() -> admin.setPrice(new NewPrice("strict", Price.ANY_MODEL, new BigDecimal("0.2"), null, null, null, "eur", null), null));
        assertThat(AsAdmin.call(() -> admin.currentPrice("strict", "whatever")).id()).isEqualTo(any.id());
        assertThat(AsAdmin.call(() -> admin.currentPrice("strict", "whatever")).currency()).isEqualTo("EUR");

        Price none = AsAdmin.call(() -> admin.currentPrice("no-such-provider", "m"));
        assertThat(none.id()).isNull();
        assertThat(none.costOf(true, 4, 1000)).isEqualByComparingTo("0");
    }

    @Test
    void aGenerationCancelledWhileAtTheGatewayIsRecorded() throws Exception {
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion("slow")).withFixedDelay(4000)));
        long id = submitDirect(aliceId, "stable-diffusion", 1, new MapBindingResult(new HashMap<>(), "form")).orElseThrow();
        Eventually.within(Duration.ofSeconds(10)).until(() -> generations.find(aliceId, id).orElseThrow().status() == GenerationStatus.RUNNING);
        // cancelled while the gateway holds the request (its reply is delayed)
        Eventually.within(Duration.ofSeconds(10)).until(() -> !FakeGateway.SERVER.findAll(com.github.tomakehurst.wiremock.client.WireMock
                .postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/v1/chat/completions"))).isEmpty());
        assertThat(generations.cancel(aliceId, id)).isTrue();
        assertThat(awaitFinished(aliceId, id).status()).isEqualTo(GenerationStatus.CANCELLED);
        assertThat(recordOf(id).status()).isEqualTo("CANCELLED");
    }

    // ---------------------------------------------------------------- quotas

    Optional<SubmissionGuard.Refusal> check(long userId) {
        return tx.execute(s -> guard.check(userId, "fake", "stable-diffusion", 1));
    }

    @Test
    void at80PercentABannerWarnsAndAt100PercentSubmissionsAreRefusedNamingTheLimitAndItsReset() throws Exception {
        AsAdmin.run(() -> admin.setQuota(aliceId, new Limits(5, null, null)));
        for (int i = 0; i < 4; i++) {
            seed(aliceId, Instant.now(), "SUCCEEDED", 1, "0", "p" + i);
        }
        String resets = LocalDate.now(ZoneOffset.UTC).plusDays(1) + " 00:00 UTC";

        String en = page(alice, "/generate", false, Locale.ENGLISH);
        assertThat(en).contains("You have used 80 % of your daily limit (4 of 5 requests). It resets at " + resets);
        String zh = page(alice, "/usage", false, Locale.SIMPLIFIED_CHINESE);
        assertThat(zh).contains("您已用掉每日限额的 80 %（5 次请求中的 4 次）。限额将于 " + resets + " 重置。");

        // the fifth is allowed, the sixth refused
        long before = jdbc.sql("select count(*) from generation where owner_id = ?").param(aliceId).query(Long.class).single();
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion("ok")).withFixedDelay(3000)));
        String accepted = mvc.perform(post("/generations").with(csrf()).session(alice).locale(Locale.ENGLISH)
                        .param("providerId", "fake").param("model", "stable-diffusion").param("prompt", "fifth"))
                .andReturn().getResponse().getRedirectedUrl();
        assertThat(accepted).startsWith("/generations/");

        String refusedEn = mvc.perform(post("/generations").with(csrf()).session(alice).locale(Locale.ENGLISH)
                        .param("providerId", "fake").param("model", "stable-diffusion").param("prompt", "sixth"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(refusedEn).contains("Refused: this would exceed your limit of 5 requests per day (queued and running ones count). "
                + "The limit resets at " + resets + ".");
        String refusedZh = mvc.perform(post("/generations").with(csrf()).session(alice).locale(Locale.SIMPLIFIED_CHINESE)
                        .header("HX-Request", "true")
                        .param("providerId", "fake").param("model", "stable-diffusion").param("prompt", "sixth"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(refusedZh).contains("已拒绝：这将超出您每天 5 次请求的限额（排队中和进行中的也计算在内）。限额将于 " + resets + " 重置。");
        assertThat(jdbc.sql("select count(*) from generation where owner_id = ?").param(aliceId).query(Long.class).single())
                .as("refused submissions save nothing").isEqualTo(before + 1);

        assertThat(page(alice, "/usage/banner", true, Locale.ENGLISH))
                .contains("Daily limit reached: 5 requests per day. New generations are refused until " + resets);

        // retry is guarded as well
        long finished = Long.parseLong(accepted.substring("/generations/".length()));
        awaitFinished(aliceId, finished);
        mvc.perform(post("/generations/" + finished + "/retry").with(csrf()).session(alice))
                .andExpect(status().is3xxRedirection())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
                        .attribute("flashError", "usage.quota.refused.short"));
        // from a card (HTMX): nothing to swap in, the reason travels in a header the page shows
        String reason = mvc.perform(post("/generations/" + finished + "/retry").with(csrf()).session(alice).header("HX-Request", "true")
                        .locale(Locale.ENGLISH))
                .andExpect(status().isConflict()).andReturn().getResponse().getHeader("X-Atelier-Message");
        assertThat(java.net.URLDecoder.decode(reason, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
                messages.getMessage("usage.quota.refused.short", null, Locale.ENGLISH));
        assertThat(jdbc.sql("select count(*) from generation where owner_id = ?").param(aliceId).query(Long.class).single())
                .as("a refused retry saves nothing").isEqualTo(before + 1);
    }

    String submitRefused(Locale locale, boolean htmx) throws Exception {
        var request = post("/generations").with(csrf()).session(alice).locale(locale)
                .param("providerId", "fake").param("model", "stable-diffusion").param("prompt", "one too many");
        if (htmx) {
            request.header("HX-Request", "true");
        }
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void aQuotaRefusalIsSaidOnceWithTheRightNumberOfRequestsInBothLanguages() throws Exception {
        AsAdmin.run(() -> admin.setQuota(aliceId, new Limits(1, null, null)));
        seed(aliceId, Instant.now(), "SUCCEEDED", 1, "0", "the only one today");
        String resets = LocalDate.now(ZoneOffset.UTC).plusDays(1) + " 00:00 UTC";
        assertThat(page(alice, "/usage/banner", true, Locale.ENGLISH))
                .contains("Daily limit reached: 1 request per day. New generations are refused until " + resets);

        String en = submitRefused(Locale.ENGLISH, false);
        assertThat(en).contains("Refused: this would exceed your limit of 1 request per day (queued and running ones count). "
                + "The limit resets at " + resets + ".").doesNotContain("requests per day").doesNotContain("Daily limit reached");
        assertThat(en.split("1 request per day", -1)).as("said once on the page").hasSize(2);

        // HTMX: the form comes back with the refusal and the banner is replaced by one without it
        String zh = submitRefused(Locale.SIMPLIFIED_CHINESE, true);
        assertThat(zh).contains("已拒绝：这将超出您每天 1 次请求的限额").doesNotContain("已达到每日限额")
                .contains("id=\"quota-banner\"").contains("hx-swap-oob=\"true\"");
        assertThat(zh.split("每天 1 次请求", -1)).hasSize(2);

        // two of two: plural, in the banner and in the refusal
        AsAdmin.run(() -> admin.setQuota(aliceId, new Limits(2, null, null)));
        seed(aliceId, Instant.now(), "SUCCEEDED", 1, "0", "the second");
        assertThat(page(alice, "/usage/banner", true, Locale.ENGLISH)).contains("Daily limit reached: 2 requests per day.");
        assertThat(submitRefused(Locale.ENGLISH, true)).contains("your limit of 2 requests per day").doesNotContain("Daily limit reached");

        // and the image limit's words
        AsAdmin.run(() -> admin.setQuota(aliceId, new Limits(null, 1, null)));
        assertThat(page(alice, "/usage/banner", true, Locale.ENGLISH)).contains("Monthly image limit reached: 1 image per month.");
        assertThat(submitRefused(Locale.ENGLISH, false)).contains("your limit of 1 image per month").doesNotContain("images per month")
                .doesNotContain("Monthly image limit reached");
    }

    @Test
    void concurrentSubmissionsAtTheLimitDoNotOvershoot() throws Exception {
        AsAdmin.run(() -> admin.setQuota(aliceId, new Limits(3, null, null)));
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion("ok")).withFixedDelay(1500)));
        int threads = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Object> call = () -> {
                    start.await();
                    BindingResult errors = new MapBindingResult(new HashMap<>(), "form");
                    Optional<Long> id = submitDirect(aliceId, "stable-diffusion", 1, errors);
                    return id.isPresent() ? (Object) id.get() : errors.getGlobalError().getCode();
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : results) {
                outcomes.add(f.get());
            }
            assertThat(outcomes.stream().filter(o -> o instanceof Long)).hasSize(3);
            assertThat(outcomes.stream().filter(o -> o instanceof String)).hasSize(7)
                    .allMatch("usage.quota.refused.REQUESTS_PER_DAY"::equals);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from generation where owner_id = ?").param(aliceId).query(Long.class).single()).isEqualTo(3);
        // once they have finished (successfully) they still count: the day stays full
        Eventually.within(Duration.ofSeconds(20)).until(() -> inFlight.ofOwner(aliceId).isEmpty());
        assertThat(jdbc.sql("select sum(requests) from usage_daily where user_id = ? and status = 'SUCCEEDED'").param(aliceId)
                .query(Long.class).single()).isEqualTo(3);
        assertThat(submitDirect(aliceId, "stable-diffusion", 1, new MapBindingResult(new HashMap<>(), "form"))).isEmpty();
    }

    @Test
    void aFailedGenerationReleasesItsReservation() throws Exception {
        AsAdmin.run(() -> admin.setQuota(aliceId, new Limits(null, 2, null)));
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                .withStatus(502).withBody("bad gateway").withFixedDelay(1500)));
        long reserved = submitDirect(aliceId, "stable-diffusion", 2, new MapBindingResult(new HashMap<>(), "form")).orElseThrow();

        BindingResult refused = new MapBindingResult(new HashMap<>(), "form");
        assertThat(submitDirect(aliceId, "stable-diffusion", 1, refused)).as("2 images are reserved in flight").isEmpty();
        assertThat(refused.getGlobalError().getCode()).isEqualTo("usage.quota.refused.IMAGES_PER_MONTH");

        assertThat(awaitFinished(aliceId, reserved).status()).isEqualTo(GenerationStatus.FAILED);
        assertThat(recordOf(reserved).images()).isZero();
        assertThat(usage.meters(aliceId)).singleElement().satisfies(m -> assertThat(m.used()).isEqualByComparingTo("0"));
        assertThat(submitDirect(aliceId, "stable-diffusion", 2, new MapBindingResult(new HashMap<>(), "form")))
                .as("the failed generation released its images").isPresent();
    }

    @Test
    void aCostBudgetCountsEstimatesOfWhatIsInFlight() {
        AsAdmin.call(() -> admin.setPrice(new NewPrice("fake", "dall-e-3", new BigDecimal("0.40"), BigDecimal.ZERO, null, null, null, null), null));
        AsAdmin.run(() -> admin.setQuota(aliceId, new Limits(null, null, new BigDecimal("1.00"))));
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion("ok")).withFixedDelay(3000)));
        assertThat(submitDirect(aliceId, "dall-e-3", 1, new MapBindingResult(new HashMap<>(), "form"))).isPresent();
        assertThat(submitDirect(aliceId, "dall-e-3", 1, new MapBindingResult(new HashMap<>(), "form"))).isPresent();
        BindingResult errors = new MapBindingResult(new HashMap<>(), "form");
        assertThat(submitDirect(aliceId, "dall-e-3", 1, errors)).as("0.80 reserved + 0.40 > 1.00").isEmpty();
        assertThat(errors.getGlobalError().getCode()).isEqualTo("usage.quota.refused.COST_PER_MONTH");
        assertThat(errors.getGlobalError().getArguments()).contains("1.00", "0.80", "USD");
        assertThat(usage.warnings(aliceId)).singleElement().satisfies(m -> assertThat(m.percent()).isEqualTo(80));
    }

    @Test
    void monthlyLimitsResetOnTheFirstOfTheNextMonth() {
        AsAdmin.run(() -> admin.setQuota(aliceId, new Limits(null, 3, null)));
        Instant now = Instant.now();
        seed(aliceId, now, "SUCCEEDED", 3, "0", "this month");
        Optional<SubmissionGuard.Refusal> refusal = check(aliceId);
        assertThat(refusal).isPresent();
        LocalDate nextMonth = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1);
        assertThat(refusal.get().args()[1]).isEqualTo(nextMonth + " 00:00 UTC");

        // one second before the boundary: still refused; one second after: allowed again
        Instant boundary = nextMonth.atStartOfDay(ZoneOffset.UTC).toInstant();
        clock.offset.set(Duration.between(Instant.now(), boundary.minusSeconds(1)));
        assertThat(check(aliceId)).isPresent();
        clock.offset.set(Duration.between(Instant.now(), boundary.plusSeconds(1)));
        assertThat(check(aliceId)).isEmpty();
        assertThat(usage.meters(aliceId)).singleElement().satisfies(m -> {
            assertThat(m.used()).isEqualByComparingTo("0");
            assertThat(m.resetsAt().toLocalDate()).isEqualTo(nextMonth.plusMonths(1));
        });
    }

    @Test
    void theDefaultQuotaAppliesToEveryoneWithoutTheirOwn() {
        try {
            AsAdmin.run(() -> admin.setDefaultQuota(new Limits(0, null, null)));
            assertThat(AsAdmin.call(() -> admin.effectiveQuota(aliceId)).requestsPerDay()).isZero();
            assertThat(submitDirect(aliceId, "stable-diffusion", 1, new MapBindingResult(new HashMap<>(), "form"))).isEmpty();
            AsAdmin.run(() -> admin.setQuota(aliceId, Limits.unlimited()));
            assertThat(AsAdmin.call(() -> admin.effectiveQuota(aliceId)).isUnlimited()).isTrue();
            AsAdmin.run(() -> admin.clearQuota(aliceId));
            assertThat(AsAdmin.call(() -> admin.effectiveQuota(aliceId)).requestsPerDay()).isZero();
        } finally {
            AsAdmin.run(() -> admin.setDefaultQuota(Limits.unlimited()));
        }
    }

    // ---------------------------------------------------------------- the page and the export

    @Test
    void theUsagePageServesTheFullPageOrTheResultsFragment() throws Exception {
        Instant now = Instant.now();
        seed(aliceId, now.minusSeconds(60), "SUCCEEDED", 2, "0.5", "today one");
        seed(aliceId, now.minusSeconds(120), "FAILED", 0, "0", "today failed");
        seed(aliceId, now.minus(Duration.ofDays(3)), "SUCCEEDED", 1, "0.25", "three days ago");

        String full = page(alice, "/usage?range=7d", false, Locale.ENGLISH);
        assertThat(full).contains("<html").contains("id=\"usage-results\"").contains("/webjars/chart.js/").contains("/dist/chart.umd.js")
                .contains("/assets/js/usage.js").contains("hx-trigger=\"generation-finished from:body\"")
                .contains("id=\"total-requests\">3<").contains("id=\"total-images\">3<").contains("id=\"total-cost\">0.75 USD<")
                .contains("id=\"total-success\">66.7 %<").contains("three days ago").contains(">Upstream error<")
                .contains("data-label-requests=\"Requests\"").contains("data-label-cost=\"Cost (USD)\"")
                .doesNotContain("<script>");
        assertThat(full).containsPattern("href=\"/generations/\\d+\"");
        assertThat(full).contains("href=\"/usage/export.csv?range=7d\"").contains("hx-get=\"/usage?range=7d\"");

        String fragment = page(alice, "/usage?range=24h", true, Locale.ENGLISH);
        assertThat(fragment).doesNotContain("<html").doesNotContain("<nav class=\"nav\"").startsWith("<div id=\"usage-results\"")
                .contains("id=\"total-requests\">2<").doesNotContain("three days ago").contains("Requests and cost per hour");
        String chart = fragment.replaceAll("(?s).*data-chart=\"([^\"]*)\".*", "$1").replace("&quot;", "\"");
        assertThat(chart).contains("\"labels\":[").contains("\"requests\":[");

        String zh = page(alice, "/usage?range=month", true, Locale.SIMPLIFIED_CHINESE);
        assertThat(zh).contains("请求数").contains("每天的请求数和费用").contains("本月");

        String custom = page(alice, "/usage?range=custom&from=" + LocalDate.now(ZoneOffset.UTC).minusDays(3) + "&to="
                + LocalDate.now(ZoneOffset.UTC).minusDays(3), false, Locale.ENGLISH);
        assertThat(custom).contains("id=\"total-requests\">1<").contains("three days ago").doesNotContain("today one");
        String day = LocalDate.now(ZoneOffset.UTC).minusDays(3).toString();
        assertThat(custom).contains("href=\"/usage/export.csv?range=custom&amp;from=" + day + "&amp;to=" + day + "\"");
    }

    @Test
    void theUsagePageNamesErrorKindsInWordsOfBothLanguagesWhileTheExportKeepsTheCodes() throws Exception {
        Instant now = Instant.now().minusSeconds(60);
        List<String> kinds = List.of("KEY_REJECTED", "GATEWAY_UNAVAILABLE", "REQUEST_REFUSED", "INTERRUPTED", "NO_KEY", "IMAGE_REJECTED",
                "SOMETHING_NEW");
        for (int i = 0; i < kinds.size(); i++) {
            seed(aliceId, now.plusSeconds(i), "FAILED", 0, "0", "failed " + i, kinds.get(i));
        }
        String en = page(alice, "/usage?range=24h", false, Locale.ENGLISH);
        assertThat(en).contains(">Key rejected<").contains(">Gateway overloaded or unavailable<").contains(">Refused by the gateway<")
                .contains(">Interrupted by a server stop<").contains(">No usable key<").contains(">Image refused<")
                .contains(">Something new<");
        String zh = page(alice, "/usage?range=24h", true, Locale.SIMPLIFIED_CHINESE);
        assertThat(zh).contains(">密钥被拒绝<").contains(">网关过载或不可用<").contains(">网关拒绝了请求<").contains(">因服务器停止而中断<");
        for (String html : List.of(en, zh)) {
            assertThat(html).doesNotContain("KEY_REJECTED").doesNotContain("GATEWAY_UNAVAILABLE").doesNotContain("SOMETHING_NEW");
        }
        String csv = new String(csv(alice, "?range=24h"), StandardCharsets.UTF_8);
        assertThat(csv).contains(",FAILED,KEY_REJECTED,").contains(",FAILED,GATEWAY_UNAVAILABLE,").contains(",FAILED,SOMETHING_NEW,");
    }

    @Test
    void theExportIsRfc4180Utf8WithBomAndGuardsAgainstFormulas() throws Exception {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        Instant now = Instant.now().minusSeconds(30);
        seed(aliceId, now.minusSeconds(5), "SUCCEEDED", 1, "0.125", "a cat, a dog");
        seed(aliceId, now.minusSeconds(4), "SUCCEEDED", 1, "0", "say \"cheese\"");
        seed(aliceId, now.minusSeconds(3), "SUCCEEDED", 1, "0", "line one\nline two");
        seed(aliceId, now.minusSeconds(2), "SUCCEEDED", 1, "0", "石器时代的猫，戴着帽子");
        seed(aliceId, now.minusSeconds(1), "FAILED", 0, "0", "=HYPERLINK(\"http://evil\")");
        seed(aliceId, now, "SUCCEEDED", 1, "0", "@SUM(A1)");
        assertThat(at).isBefore(now);

        byte[] bytes = csv(alice, "?range=24h");
        assertThat(bytes[0]).isEqualTo((byte) 0xEF);
        assertThat(bytes[1]).isEqualTo((byte) 0xBB);
        assertThat(bytes[2]).isEqualTo((byte) 0xBF);
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        String[] lines = text.split("\r\n", -1);
        assertThat(lines[0]).isEqualTo(CsvExport.HEADER);
        assertThat(lines[1]).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z,fake,stable-diffusion,SUCCEEDED,,,,10,1,0.125,USD,1234,\\d+,\"a cat, a dog\"");
        assertThat(lines[2]).endsWith(",\"say \"\"cheese\"\"\"");
        assertThat(lines[3]).endsWith(",\"line one\nline two\"");
        assertThat(lines[4]).endsWith(",石器时代的猫，戴着帽子");
        assertThat(lines[5]).contains(",FAILED,UPSTREAM_ERROR,").endsWith(",\"'=HYPERLINK(\"\"http://evil\"\")\"");
        assertThat(lines[6]).endsWith(",'@SUM(A1)");
        assertThat(lines[7]).isEmpty();
        assertThat(lines).hasSize(8);
    }

    @Test
    void anotherPersonsUsageIsNeverVisible() throws Exception {
        String bobName = Accounts.uniqueName("bob");
        MockHttpSession bob = Accounts.signUpAndIn(mvc, bobName);
        long bobId = userId(bobName);
        seed(bobId, Instant.now().minusSeconds(10), "SUCCEEDED", 4, "9.99", "bob's secret lighthouse");
        seed(aliceId, Instant.now().minusSeconds(10), "SUCCEEDED", 1, "0.01", "alice's own");

        for (String range : List.of("24h", "7d", "30d", "month")) {
            String html = page(alice, "/usage?range=" + range, false, Locale.ENGLISH);
            assertThat(html).contains("alice&#39;s own").doesNotContain("secret lighthouse").doesNotContain("9.99")
                    .contains("id=\"total-requests\">1<");
            String csv = new String(csv(alice, "?range=" + range), StandardCharsets.UTF_8);
            assertThat(csv).contains("alice's own").doesNotContain("secret lighthouse");
        }
        assertThat(page(bob, "/usage?range=24h", true, Locale.ENGLISH)).contains("secret lighthouse").doesNotContain("alice&#39;s own");
        assertThat(new String(csv(bob, "?range=7d"), StandardCharsets.UTF_8)).doesNotContain("alice's own");
        mvc.perform(get("/usage").session(new MockHttpSession())).andExpect(status().is3xxRedirection());
    }

    @Test
    void theGenerateFormShowsTheEstimatedCost() throws Exception {
        AsAdmin.call(() -> admin.setPrice(new NewPrice("fake", "stable-diffusion", new BigDecimal("0.01"), new BigDecimal("0.02"), null, null, null, null), null));
        String html = page(alice, "/generate", false, Locale.ENGLISH);
        assertThat(html).contains("id=\"cost-estimate\"").contains("Estimated cost: 0.03 USD (1 image)").doesNotContain("(s)");
        assertThat(page(alice, "/usage/estimate?providerId=fake&model=stable-diffusion&n=2", true, Locale.ENGLISH))
                .contains("Estimated cost: 0.05 USD (2 images)");
        assertThat(page(alice, "/usage/estimate?providerId=fake&model=stable-diffusion&n=3", true, Locale.SIMPLIFIED_CHINESE))
                .contains("预计费用：0.07 USD（3 张图片）");
    }

    @Test
    void aGenerationShowsUpOnTheUsagePage() throws Exception {
        stubImages(1);
        String before = page(alice, "/usage?range=24h", true, Locale.ENGLISH);
        assertThat(before).contains("id=\"total-requests\">0<");
        String location = mvc.perform(post("/generations").with(csrf()).session(alice)
                        .param("providerId", "fake").param("model", "stable-diffusion").param("prompt", "a lighthouse at dawn"))
                .andReturn().getResponse().getRedirectedUrl();
        long id = Long.parseLong(location.substring("/generations/".length()));
        assertThat(awaitFinished(aliceId, id).status()).isEqualTo(GenerationStatus.SUCCEEDED);
        String after = page(alice, "/usage?range=24h", true, Locale.ENGLISH);
        assertThat(after).contains("id=\"total-requests\">1<").contains("a lighthouse at dawn").contains("href=\"/generations/" + id + "\"");
    }
}
