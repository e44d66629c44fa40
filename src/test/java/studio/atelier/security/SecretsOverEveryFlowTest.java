package studio.atelier.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import studio.atelier.account.AccountAdmin;
import studio.atelier.audit.Actor;
import studio.atelier.generation.GenerationService;
import studio.atelier.generation.GenerationStatus;
import studio.atelier.generation.GenerationView;
import studio.atelier.shared.Role;
import studio.atelier.support.AsAdmin;
import studio.atelier.support.Accounts;
import studio.atelier.support.Eventually;
import studio.atelier.support.FakeGateway;
import studio.atelier.support.GatewayTest;
import studio.atelier.team.TeamApi;

/**
 * Two recognisable keys, a personal one and a team's, go through every flow that touches keys or what gateways
 * answer (including a gateway that echoes the key back in errors, replies and streamed progress). Afterwards
 * neither key may appear — plainly or base64-encoded — in any log line at any level, any page or fragment, any
 * export (the ZIP unpacked), or any text or binary column of any table in the database.
 */
@GatewayTest
@ExtendWith(OutputCaptureExtension.class)
class SecretsOverEveryFlowTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** WireMock's response templating: the fake gateway quotes back whatever key it was sent. */
    private static final String TEMPLATE = "response-template";
    private static final String QUOTED_KEY = "{{request.headers.Authorization}}";

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GenerationService generations;
    @Autowired
    AccountAdmin accountAdmin;
    @Autowired
    TeamApi teams;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    final String personalKey = canary("PERSONAL");
    final String teamKey = canary("TEAMKEY");
    /** Every response body the flows produced, by what was asked for. */
    final Map<String, byte[]> bodies = new LinkedHashMap<>();

    static String canary(String kind) {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        return "sk-CANARY" + kind + HexFormat.of().formatHex(random);
    }

    @Test
    void neitherKeyShowsUpAnywhereAfterEveryFlow(CapturedOutput output) throws Exception {
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        Map<String, LogLevel> before = new LinkedHashMap<>();
        // everything the application and the frameworks under it say; the fake gateway's own server stays quiet, as it
        // is the gateway (it is supposed to receive the key)
        Map<String, LogLevel> wanted = Map.of("ROOT", LogLevel.DEBUG, "studio.atelier", LogLevel.TRACE,
                "org.springframework.security", LogLevel.DEBUG, "org.hibernate.orm.jdbc.bind", LogLevel.TRACE,
                "wiremock", LogLevel.WARN, "com.github.tomakehurst.wiremock", LogLevel.WARN);
        wanted.forEach((name, level) -> {
            var current = logging.getLoggerConfiguration(name);
            before.put(name, current == null ? null : current.getConfiguredLevel());
            logging.setLogLevel(name, level);
        });
        try {
            runEveryFlow();
        } finally {
            before.forEach(logging::setLogLevel);
        }

        assertThat(output.getAll()).as("debug logging was on").contains("DEBUG");
        List<String> found = new ArrayList<>();
        for (String needle : needles()) {
            if (output.getAll().contains(needle)) {
                found.add("log output contains " + needle + " near: " + around(output.getAll(), needle));
            }
            bodies.forEach((what, body) -> {
                if (contains(body, needle)) {
                    found.add(what + " contains " + needle + " near: " + around(new String(body, StandardCharsets.UTF_8), needle));
                }
            });
        }
        found.addAll(databaseColumnsContaining(needles()));
        assertThat(found).isEmpty();
        assertThat(bodies).hasSizeGreaterThan(60);
        // the gateway did quote the keys back, and what it said still reached people, without them
        List<String> scrubbed = bodies.entrySet().stream().filter(e -> contains(e.getValue(), "[api key]")).map(Map.Entry::getKey).toList();
        assertThat(scrubbed).contains("running card").anyMatch(what -> what.startsWith("detail "))
                .anyMatch(what -> what.startsWith("test key"));
    }

    private void runEveryFlow() throws Exception {
        FakeGateway.reset();
        MockHttpSession registered = Accounts.signUpAndIn(mvc, Accounts.uniqueName("sec"));
        MockHttpSession member = Accounts.signUpAndIn(mvc, Accounts.uniqueName("secm"));
        MockHttpSession admin = Accounts.signUpAndIn(mvc, Accounts.uniqueName("seca"));
        Actor tester = new Actor(null, "secrets-test", "127.0.0.1");
        AsAdmin.run(() -> accountAdmin.setRole(tester, Accounts.idOf(admin), Role.ADMIN, "secrets test"));
        AsAdmin.run(() -> accountAdmin.setRole(tester, Accounts.idOf(registered), Role.USER, "secrets test"));
        MockHttpSession owner = Accounts.signInAgain(mvc, registered); // a demotion ends the sessions it finds
        long ownerId = Accounts.idOf(owner);

        // the key is tested when saved: the gateway refuses it and quotes back the key it was sent, as some relays do
        FakeGateway.SERVER.stubFor(get(urlEqualTo("/v1/models")).willReturn(aResponse().withStatus(401).withTransformers(TEMPLATE)
                .withHeader("Content-Type", "application/json").withBody(error("Incorrect API key provided: " + QUOTED_KEY))));
        fetch("save personal key", post("/keys").with(csrf()).session(owner).param("providerId", "fake").param("label", "canary")
                .param("apiKey", personalKey));
        fetch("keys page after a refused check", MockMvcRequestBuilders.get("/keys").session(owner));
        long keyId = first(text("keys page", MockMvcRequestBuilders.get("/keys").session(owner)), "id=\"key-(\\d+)\"");
        fetch("test key (HTMX)", post("/keys/" + keyId + "/test").with(csrf()).session(owner).header("HX-Request", "true"));
        fetch("test key", post("/keys/" + keyId + "/test").with(csrf()).session(owner));
        FakeGateway.reset();
        fetch("test key accepted (HTMX)", post("/keys/" + keyId + "/test").with(csrf()).session(owner).header("HX-Request", "true"));
        fetch("a bad key form is shown again", post("/keys").with(csrf()).session(owner).param("providerId", "fake")
                .param("label", "x".repeat(81)).param("apiKey", personalKey));

        // a team with its own key, and a member
        String slug = redirect(post("/teams").with(csrf()).session(owner).param("name", "Secrets")).replace("/teams/", "");
        MvcResult invited = mvc.perform(post("/teams/" + slug + "/invitations").with(csrf()).session(owner)).andReturn();
        String link = (String) invited.getFlashMap().get("inviteLink");
        String token = link.substring(link.lastIndexOf('/') + 1);
        fetch("accept invitation", post("/invitations/" + token + "/accept").with(csrf()).session(member));
        fetch("save team key", post("/teams/" + slug + "/keys").with(csrf()).session(owner).param("providerId", "fake")
                .param("label", "team canary").param("apiKey", teamKey));
        long teamId = teams.team(ownerId, slug).id();

        // generations: success (with the key quoted in the reply), failure (quoted in the error), streamed progress
        // that quotes it while running, as the team, and a retry
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(
                "Authorised with " + QUOTED_KEY + "\n![img](" + FakeGateway.dataUri(FakeGateway.png(Color.ORANGE)) + ")"))
                .withTransformers(TEMPLATE)));
        long succeeded = generate(owner, "secret garden", null, GenerationStatus.SUCCEEDED);
        long asTeam = generate(member, "team garden", teamId, GenerationStatus.SUCCEEDED);
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withTransformers(TEMPLATE)
                .withBody(error("Incorrect API key provided: " + QUOTED_KEY + ". You can find your API key at https://example"))));
        long failed = generate(owner, "refused garden", null, GenerationStatus.FAILED);
        fetch("retry", post("/generations/" + failed + "/retry").with(csrf()).session(owner));
        String progress = "data: {\"id\":\"s1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
                + "{\"role\":\"assistant\",\"content\":\"> queued with key " + QUOTED_KEY + "\\n\"}}]}\n\n";
        String rest = "data: {\"id\":\"s1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"![img]("
                + FakeGateway.dataUri(FakeGateway.png(Color.PINK)) + ")\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withTransformers(TEMPLATE).withBody(progress + rest).withChunkedDribbleDelay(8, 4000)));
        long streamed = submit(owner, "streamed garden", null, true);
        Eventually.within(Duration.ofSeconds(20)).until(() -> {
            GenerationView g = generations.find(ownerId, streamed).orElseThrow();
            return g.progress() != null || g.finished();
        });
        // while it runs: the card, the detail page and the database as they are at this moment
        assertThat(text("running card", MockMvcRequestBuilders.get("/generations/" + streamed + "/card").session(owner)
                .header("HX-Request", "true"))).as("the card shows the streamed progress").contains("queued with key");
        fetch("running detail", MockMvcRequestBuilders.get("/generations/" + streamed).session(owner));
        List<String> whileRunning = databaseColumnsContaining(needles());
        assertThat(whileRunning).as("database while the streamed generation runs").isEmpty();
        Eventually.within(Duration.ofSeconds(30)).until(() -> generations.find(ownerId, streamed).orElseThrow().finished());
        FakeGateway.reset();

        // every page without an id, as the owner and as an administrator, whole and as HTMX fragments
        for (String path : pathsWithoutIds()) {
            for (Map.Entry<String, MockHttpSession> who : Map.of("owner", owner, "admin", admin).entrySet()) {
                MockHttpServletRequestBuilder page = MockMvcRequestBuilders.get(path).session(who.getValue()).param("providerId", "fake")
                        .param("model", "stable-diffusion").param("n", "1").param("range", "30d");
                fetch(path + " as " + who.getKey(), page);
                fetch(path + " as " + who.getKey() + " (HTMX)", MockMvcRequestBuilders.get(path).session(who.getValue())
                        .param("providerId", "fake").param("range", "30d").header("HX-Request", "true"));
            }
        }
        for (String target : List.of("gallery-results", "usage-table", "user-results", "review-results")) {
            for (String path : List.of("/gallery", "/admin/usage", "/admin/users", "/admin/review")) {
                fetch(path + " fragment " + target, MockMvcRequestBuilders.get(path).session(path.startsWith("/admin") ? admin : owner)
                        .header("HX-Request", "true").header("HX-Target", target));
            }
        }
        // every page with an id
        for (long id : List.of(succeeded, failed, streamed, asTeam)) {
            MockHttpSession viewer = id == asTeam ? member : owner;
            fetch("detail " + id, MockMvcRequestBuilders.get("/generations/" + id).session(viewer));
            fetch("card " + id, MockMvcRequestBuilders.get("/generations/" + id + "/card").session(viewer).header("HX-Request", "true"));
            fetch("reuse " + id, MockMvcRequestBuilders.get("/generate").param("from", String.valueOf(id)).session(viewer));
        }
        for (long image : generations.find(ownerId, succeeded).orElseThrow().imageIds()) {
            fetch("image " + image, MockMvcRequestBuilders.get("/images/" + image).session(owner));
            fetch("thumb " + image, MockMvcRequestBuilders.get("/images/" + image + "/thumb").session(owner));
        }
        for (MockHttpSession who : List.of(owner, member)) {
            fetch("team page", MockMvcRequestBuilders.get("/teams/" + slug).session(who));
            fetch("team gallery", MockMvcRequestBuilders.get("/teams/" + slug + "/gallery").session(who));
        }
        fetch("invitation page", MockMvcRequestBuilders.get("/invitations/" + token).session(member));
        fetch("team usage", MockMvcRequestBuilders.get("/teams/" + slug + "/usage").param("range", "30d").session(owner));
        fetch("team usage (HTMX)", MockMvcRequestBuilders.get("/teams/" + slug + "/usage").param("range", "30d").session(owner)
                .header("HX-Request", "true"));
        fetch("admin usage of the owner", MockMvcRequestBuilders.get("/admin/usage/users/" + ownerId).param("range", "30d").session(admin));
        fetch("admin quota of the owner", MockMvcRequestBuilders.get("/admin/users/" + ownerId + "/quota").session(admin));
        fetch("admin review search", MockMvcRequestBuilders.get("/admin/review").param("q", "garden").session(admin));
        for (String endpoint : List.of("/actuator/health", "/actuator/info", "/actuator/metrics", "/actuator/prometheus")) {
            fetch(endpoint, MockMvcRequestBuilders.get(endpoint).session(admin));
        }

        // administrators' actions that touch keys and generations, so that the audit log has them
        fetch("re-encrypt keys", post("/admin/keys/reencrypt").with(csrf()).session(admin));
        fetch("hide", post("/admin/review/" + succeeded + "/hide").with(csrf()).param("reason", "secrets test").session(admin));
        fetch("unhide", post("/admin/review/" + succeeded + "/unhide").with(csrf()).param("reason", "secrets test").session(admin));
        fetch("audit log", MockMvcRequestBuilders.get("/admin/audit").session(admin));

        // every export
        fetch("usage CSV", MockMvcRequestBuilders.get("/usage/export.csv").param("range", "30d").session(owner));
        fetch("team usage CSV", MockMvcRequestBuilders.get("/teams/" + slug + "/usage/export.csv").param("range", "30d").session(owner));
        fetch("admin usage CSV", MockMvcRequestBuilders.get("/admin/usage.csv").param("range", "30d").session(admin));
        fetch("admin per-person usage CSV", MockMvcRequestBuilders.get("/admin/usage/users/" + ownerId + "/export.csv")
                .param("range", "30d").session(admin));
        fetch("audit CSV", MockMvcRequestBuilders.get("/admin/audit.csv").session(admin));
        byte[] zip = fetch("gallery ZIP", post("/gallery/zip").with(csrf()).session(owner)
                .param("ids", String.valueOf(succeeded), String.valueOf(failed), String.valueOf(streamed)));
        List<String> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.add(entry.getName());
                bodies.put("ZIP entry " + entry.getName(), in.readAllBytes());
                bodies.put("ZIP entry name " + entry.getName(), entry.getName().getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(entries).contains("metadata.json").hasSizeGreaterThan(1);
    }

    // ---- what is searched for -------------------------------------------------------------------------------

    /**
     * Each key's middle (a masked key shows "sk-…" and the last four characters, which is by design), and each key
     * in base64 and base64url at the three byte alignments it can have inside a longer encoded text.
     */
    Set<String> needles() {
        Set<String> needles = new LinkedHashSet<>();
        for (String key : List.of(personalKey, teamKey)) {
            needles.add(key.substring(3, key.length() - 4));
            for (int shift = 0; shift < 3; shift++) {
                byte[] shifted = ("\0\0".substring(0, shift) + key).getBytes(StandardCharsets.US_ASCII);
                for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
                    String encoded = encoder.encodeToString(shifted);
                    int skip = shift == 0 ? 0 : shift + 1; // characters that carry bits of the padding bytes in front
                    needles.add(encoded.substring(skip, encoded.length() - 4)); // and the group the end may pad
                }
            }
        }
        return needles;
    }

    /** Every text, JSON and binary column of every table, found from the catalogue rather than listed by hand. */
    List<String> databaseColumnsContaining(Set<String> needles) {
        List<String> found = new ArrayList<>();
        List<Map<String, Object>> columns = jdbc.sql("""
                select c.table_name, c.column_name, c.data_type from information_schema.columns c
                join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
                  and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')
                order by c.table_name, c.column_name""").query().listOfRows();
        assertThat(columns).as("text columns in the schema").hasSizeGreaterThan(20);
        assertThat(columns).anySatisfy(c -> assertThat(c.get("table_name")).isEqualTo("api_key"));
        List<String> list = List.copyOf(needles);
        for (Map<String, Object> column : columns) {
            String table = (String) column.get("table_name");
            String name = (String) column.get("column_name");
            boolean binary = "bytea".equals(column.get("data_type"));
            // one query per column for all needles; only a hit is looked at needle by needle
            StringBuilder condition = new StringBuilder();
            Map<String, Object> params = new LinkedHashMap<>();
            for (int i = 0; i < list.size(); i++) {
                condition.append(i == 0 ? "" : " or ").append(binary ? "position(convert_to(:n" + i + ", 'UTF8') in \"" + name + "\") > 0"
                        : "position(:n" + i + " in \"" + name + "\"::text) > 0");
                params.put("n" + i, list.get(i));
            }
            long rows = jdbc.sql("select count(*) from \"" + table + "\" where " + condition).params(params).query(Long.class).single();
            if (rows > 0) {
                found.add(table + "." + name + " contains one of the keys in " + rows + " row(s): "
                        + jdbc.sql("select \"" + name + "\"::text from \"" + table + "\" where " + condition + " limit 1").params(params)
                                .query(String.class).single());
            }
        }
        return found;
    }

    /** GET routes without a path variable, from the application's own mappings (the demo gateway is a gateway, not a page). */
    List<String> pathsWithoutIds() {
        Set<String> paths = new java.util.TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            if (!methods.isEmpty() && !methods.contains(RequestMethod.GET)) {
                continue;
            }
            for (String pattern : info.getPatternValues()) {
                if (!pattern.contains("{") && !pattern.contains("*") && !pattern.startsWith("/demo/")) {
                    paths.add(pattern);
                }
            }
        }
        assertThat(paths).contains("/keys", "/usage", "/usage/export.csv", "/admin/audit", "/admin/usage.csv", "/gallery", "/teams");
        return List.copyOf(paths);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /** Performs the request (waiting for streamed bodies) and keeps the body for the search. */
    byte[] fetch(String what, MockHttpServletRequestBuilder request) throws Exception {
        MvcResult result = mvc.perform(request.locale(Locale.ENGLISH)).andReturn();
        if (result.getRequest().isAsyncStarted()) {
            result = mvc.perform(asyncDispatch(result)).andReturn();
        }
        byte[] body = result.getResponse().getContentAsByteArray();
        String key = what;
        for (int n = 2; bodies.containsKey(key); n++) {
            key = what + " #" + n;
        }
        bodies.put(key, body);
        String location = result.getResponse().getRedirectedUrl();
        if (location != null) {
            bodies.put(key + " (redirect)", location.getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, Object> flash : result.getFlashMap().entrySet()) {
                bodies.put(key + " (flash " + flash.getKey() + ")", String.valueOf(flash.getValue()).getBytes(StandardCharsets.UTF_8));
            }
        }
        return body;
    }

    String text(String what, MockHttpServletRequestBuilder request) throws Exception {
        return new String(fetch(what, request), StandardCharsets.UTF_8);
    }

    String redirect(MockHttpServletRequestBuilder request) throws Exception {
        MvcResult r = mvc.perform(request).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        return r.getResponse().getRedirectedUrl();
    }

    long submit(MockHttpSession session, String prompt, Long teamId, boolean stream) throws Exception {
        MockHttpServletRequestBuilder form = post("/generations").with(csrf()).session(session).param("prompt", prompt)
                .param("providerId", "fake").param("model", "stable-diffusion").param("n", "1")
                .param("stream", String.valueOf(stream)).param("teamId", teamId == null ? "" : teamId.toString());
        String location = redirect(form);
        assertThat(location).startsWith("/generations/");
        return Long.parseLong(location.replace("/generations/", ""));
    }

    long generate(MockHttpSession session, String prompt, Long teamId, GenerationStatus expected) throws Exception {
        long id = submit(session, prompt, teamId, false);
        long ownerId = Accounts.idOf(session);
        Eventually.within(Duration.ofSeconds(30)).until(() -> generations.find(ownerId, id).orElseThrow().finished());
        assertThat(generations.find(ownerId, id).orElseThrow().status()).isEqualTo(expected);
        return id;
    }

    static String error(String message) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";
    }

    static long first(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        assertThat(m.find()).as("%s in the page", regex).isTrue();
        return Long.parseLong(m.group(1));
    }


    static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i <= haystack.length - n.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static String around(String text, String needle) {
        int at = text.indexOf(needle);
        return at < 0 ? "(binary)" : text.substring(Math.max(0, at - 120), Math.min(text.length(), at + needle.length() + 40));
    }

}
