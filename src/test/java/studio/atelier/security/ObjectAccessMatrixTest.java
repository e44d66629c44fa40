package studio.atelier.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.awt.Color;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import studio.atelier.account.AccountAdmin;
import studio.atelier.keys.ApiKeyService;
import studio.atelier.keys.ApiKeyView;
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
import studio.atelier.team.TeamMembers;

/**
 * Every route with an id in its path, for every kind of person. The routes are read from the application's own
 * handler mappings, so a new route fails this test until it is given a row here.
 * <p>
 * The rules the rows spell out: the owner gets the object; anybody else gets 404, never 403, so an id reveals
 * nothing (checked again with ids that do not exist: the answer must be the same); a team member gets what the
 * team shares and is refused with 403 only inside the team they already know; a removed member is a stranger again;
 * a site administrator sees images for content review ({@code ImageAccess}) and reviews generations through
 * {@code /admin/review}, but has no rights inside other people's teams, keys or generation pages; an anonymous visitor
 * is sent to sign in (HTMX requests: 401 with {@code HX-Refresh}). Admin routes answer 403 to everyone else whatever
 * the id, which reveals nothing either.
 * <p>
 * Outcomes: a status code; "ok" a redirect after success; "refused" a redirect with an error message (the person may
 * act but this request was turned down); "login" the redirect to sign in.
 */
@GatewayTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObjectAccessMatrixTest {

    /** The columns of {@link #EXPECTED}, in order. */
    enum Who { OWNER, MEMBER, REMOVED, OTHER, ADMIN, ANONYMOUS }

    /** The order requests are made in: the owner last, so that a successful delete cannot hide a missing check. */
    static final List<Who> RUN_ORDER = List.of(Who.OTHER, Who.REMOVED, Who.ADMIN, Who.ANONYMOUS, Who.MEMBER, Who.OWNER);

    /** The objects a row's request addresses; {@link #absent()} has ids that exist nowhere. */
    record Ids(long generation, long deletableGeneration, long image, long key, long deletableKey, String slug,
            long deletableTeamKey, long bystander, long revocableInvitation, String linkToken, String personalToken,
            long personalInvitation, long person, String provider, long owner) {

        Ids absent() {
            return new Ids(987_654_321L, 987_654_322L, 987_654_323L, 987_654_324L, 987_654_325L, "no-such-team-x",
                    987_654_326L, 987_654_327L, 987_654_328L, "A".repeat(43), "B".repeat(43), 987_654_329L, 987_654_330L,
                    "no-such-provider", 987_654_331L);
        }
    }

    /**
     * One route: how to call it, what each person gets, whether the object must survive everyone but the owner,
     * and what to put back afterwards. {@code capability}: the id is a secret that grants access (an invitation
     * link), so a made-up one is expected to answer differently.
     */
    record Row(String mapping, Function<Ids, MockHttpServletRequestBuilder> request, Predicate<Ids> intact,
            Runnable restore, boolean capability) {
    }

    static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        // columns:                                          OWNER    MEMBER   REMOVED OTHER ADMIN ANONYMOUS
        // (a removed member is told on the team's own pages that they are no longer a member: 403, never the objects)
        EXPECTED.put("GET /generations/{id}",                 "200     200      404     404   404   login");
        EXPECTED.put("GET /generations/{id}/card",            "200     200      404     404   404   login");
        EXPECTED.put("POST /generations/{id}/cancel",         "ok      404      404     404   404   login");
        EXPECTED.put("POST /generations/{id}/retry",          "ok      404      404     404   404   login");
        EXPECTED.put("POST /generations/{id}/favourite",      "ok      404      404     404   404   login");
        EXPECTED.put("POST /generations/{id}/shares",         "ok      404      404     404   404   login");
        EXPECTED.put("GET /images/{id}",                      "200     200      404     404   200   login");
        EXPECTED.put("GET /images/{id}/thumb",                "200     200      404     404   200   login");
        EXPECTED.put("POST /keys/{id}/test",                  "ok      404      404     404   404   login");
        EXPECTED.put("POST /account/sessions/{handle}/end",   "ok      404      404     404   404   login");
        // the id names an identity provider, not an object: one that is not configured is not found for anybody
        EXPECTED.put("POST /account/sso/{id}/link",           "404     404      404     404   404   login");
        EXPECTED.put("GET /teams/{slug}",                     "200     200      403     404   404   login");
        EXPECTED.put("GET /teams/{slug}/gallery",             "200     200      403     404   404   login");
        EXPECTED.put("POST /teams/{slug}/gallery/{id}/favourite", "ok  ok       403     404   404   login");
        EXPECTED.put("POST /teams/{slug}/gallery/unshare",    "ok      refused  403     404   404   login");
        EXPECTED.put("POST /teams/{slug}/rename",             "ok      403      403     404   404   login");
        EXPECTED.put("POST /teams/{slug}/delete",             "refused 403      403     404   404   login");
        EXPECTED.put("POST /teams/{slug}/members/{userId}/role", "ok   403      403     404   404   login");
        EXPECTED.put("POST /teams/{slug}/members/{userId}/remove", "ok 403      403     404   404   login");
        EXPECTED.put("POST /teams/{slug}/transfer",           "ok      403      403     404   404   login");
        EXPECTED.put("POST /teams/{slug}/leave",              "refused ok       403     404   404   login");
        EXPECTED.put("POST /teams/{slug}/invitations",        "ok      403      403     404   404   login");
        EXPECTED.put("POST /teams/{slug}/invitations/{id}/revoke", "ok 403      403     404   404   login");
        EXPECTED.put("POST /teams/{slug}/keys",               "ok      403      403     404   404   login");
        EXPECTED.put("GET /teams/{slug}/usage",               "200     403      403     404   404   login");
        EXPECTED.put("GET /teams/{slug}/usage/export.csv",    "200     403      403     404   404   login");
        EXPECTED.put("POST /teams/{slug}/budget",             "ok      403      403     404   404   login");
        EXPECTED.put("GET /invitations/{token}",              "200     200      200     200   200   login");
        EXPECTED.put("POST /invitations/{token}/accept",      "404     404      404     404   404   login");
        EXPECTED.put("POST /invitations/{token}/decline",     "404     404      404     404   404   login");
        EXPECTED.put("POST /invitations/pending/{id}/accept", "404     404      404     404   404   login");
        EXPECTED.put("POST /invitations/pending/{id}/decline", "404    404      404     404   404   login");
        EXPECTED.put("GET /admin/users/{id}/quota",           "403     403      403     403   200   login");
        EXPECTED.put("POST /admin/users/{id}/quota",          "403     403      403     403   ok    login");
        EXPECTED.put("POST /admin/users/{id}/{action}",       "403     403      403     403   ok    login");
        EXPECTED.put("GET /admin/usage/users/{id}",           "403     403      403     403   200   login");
        EXPECTED.put("GET /admin/usage/users/{id}/export.csv", "403    403      403     403   200   login");
        EXPECTED.put("POST /admin/review/{id}/{action}",      "403     403      403     403   ok    login");
        EXPECTED.put("POST /admin/providers/{id}/prices",     "403     403      403     403   ok    login");
        EXPECTED.put("POST /admin/providers/{id}/{action}",   "403     403      403     403   ok    login");
        // the destructive rows last: what they remove is not needed by the rows above
        EXPECTED.put("POST /generations/{id}/delete",         "ok      404      404     404   404   login");
        EXPECTED.put("POST /keys/{id}/delete",                "ok      404      404     404   404   login");
        EXPECTED.put("POST /teams/{slug}/keys/{id}/delete",   "ok      403      403     404   404   login");
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    GenerationService generations;
    @Autowired
    ApiKeyService keys;
    @Autowired
    TeamApi teams;
    @Autowired
    TeamMembers members;
    @Autowired
    AccountAdmin accountAdmin;

    static final String PROMPT_TAIL = " lighthouse at dawn";

    final Map<Who, MockHttpSession> sessions = new EnumMap<>(Who.class);
    String ownersOtherSession;
    MockHttpSession invitee;
    String marker;
    Ids ids;

    // ---- the world: every object made through the pages, as people would ------------------------------------

    @BeforeAll
    void buildTheWorld() throws Exception {
        FakeGateway.reset();
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(
                "![img](" + FakeGateway.dataUri(FakeGateway.png(Color.MAGENTA)) + ")"))));
        for (Who who : Who.values()) {
            if (who != Who.ANONYMOUS) {
                sessions.put(who, Accounts.signUpAndIn(mvc, Accounts.uniqueName(who.name().toLowerCase(Locale.ROOT).substring(0, 3))));
            }
        }
        // only ADMIN is an administrator here, though one of the others may have been this database's first account
        Actor tester = new Actor(null, "matrix-test", "127.0.0.1");
        AsAdmin.run(() -> accountAdmin.setRole(tester, Accounts.idOf(sessions.get(Who.ADMIN)), Role.ADMIN, "access matrix"));
        for (Who who : List.of(Who.OWNER, Who.MEMBER, Who.REMOVED, Who.OTHER)) {
            AsAdmin.run(() -> accountAdmin.setRole(tester, Accounts.idOf(sessions.get(who)), Role.USER, "access matrix"));
        }
        for (Who who : List.of(Who.OWNER, Who.MEMBER, Who.REMOVED, Who.OTHER)) {
            sessions.put(who, Accounts.signInAgain(mvc, sessions.get(who))); // a demotion ends the sessions it finds
        }
        MockHttpSession owner = sessions.get(Who.OWNER);
        long ownerId = Accounts.idOf(owner);

        // the owner's keys and two generations (the second one is for the delete row)
        for (String label : List.of("main", "spare")) {
            expectRedirect(post("/keys").with(csrf()).session(owner).param("providerId", "fake").param("label", label)
                    .param("apiKey", "sk-matrix-" + label + "-0123456789"));
        }
        List<Long> keyIds = all(body(get("/keys").session(owner)), "id=\"key-(\\d+)\"");
        marker = "matrixmarker" + Long.toString(System.nanoTime(), 36);
        long generation = generate(owner, marker + PROMPT_TAIL);
        long deletable = generate(owner, marker + " second sketch");
        long image = generations.find(ownerId, generation).orElseThrow().imageIds().get(0);

        // a team: a member and a bystander join by link, a former member joined and was removed
        String slug = expectRedirect(post("/teams").with(csrf()).session(owner).param("name", "Access matrix"))
                .replace("/teams/", "");
        String link = flashInviteToken(post("/teams/" + slug + "/invitations").with(csrf()).session(owner)
                .param("days", "7").param("maxUses", "50"));
        for (Who joiner : List.of(Who.MEMBER, Who.REMOVED)) {
            expectRedirect(post("/invitations/" + link + "/accept").with(csrf()).session(sessions.get(joiner)));
        }
        MockHttpSession bystanderSession = Accounts.signUpAndIn(mvc, Accounts.uniqueName("bys"));
        expectRedirect(post("/invitations/" + link + "/accept").with(csrf()).session(bystanderSession));
        expectRedirect(post("/teams/" + slug + "/members/" + Accounts.idOf(sessions.get(Who.REMOVED)) + "/remove").with(csrf()).session(owner));
        for (long shared : List.of(generation, deletable)) {
            expectRedirect(post("/generations/" + shared + "/shares").with(csrf()).session(owner).param("teamIds",
                    String.valueOf(teams.team(ownerId, slug).id())));
        }
        expectRedirect(post("/teams/" + slug + "/keys").with(csrf()).session(owner).param("providerId", "fake").param("label", "team")
                .param("apiKey", "sk-matrix-team-0123456789"));
        long teamKey = first(body(get("/teams/" + slug).session(owner)), "/teams/" + slug + "/keys/(\\d+)/delete");

        // an invitation addressed to one person only, and one to revoke
        String inviteeName = Accounts.uniqueName("inv");
        invitee = Accounts.signUpAndIn(mvc, inviteeName);
        String personal = flashInviteToken(post("/teams/" + slug + "/invitations").with(csrf()).session(owner).param("username", inviteeName));
        long pending = first(body(get("/teams").session(invitee)), "/invitations/pending/(\\d+)/accept");
        flashInviteToken(post("/teams/" + slug + "/invitations").with(csrf()).session(owner));
        long revocable = first(body(get("/teams/" + slug).session(owner)), "/teams/" + slug + "/invitations/(\\d+)/revoke");

        // a provider of the administrator's own (disabled: nobody else's generate form changes)
        String provider = "matrix-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        expectRedirect(post("/admin/providers").with(csrf()).session(sessions.get(Who.ADMIN)).param("id", provider)
                .param("name", "Matrix provider").param("baseUrl", "https://gateway.invalid/v1").param("models", "m1")
                .param("defaultModel", "m1").param("endpointStyle", "CHAT_COMPLETIONS").param("timeoutSeconds", "30"));

        // a second session of the owner's, as its handle on the Account page
        Accounts.signInAgain(mvc, owner);
        java.util.regex.Matcher handle = java.util.regex.Pattern.compile("/account/sessions/([0-9A-Za-z_-]+)/end")
                .matcher(body(get("/account").session(owner)));
        assertThat(handle.find()).as("the owner's other session on the Account page").isTrue();
        ownersOtherSession = handle.group(1);
        ids = new Ids(generation, deletable, image, keyIds.get(0), keyIds.get(1), slug, teamKey, Accounts.idOf(bystanderSession), revocable,
                link, personal, pending, Accounts.idOf(sessions.get(Who.OTHER)), provider, ownerId);
    }

    // ---- the rows -------------------------------------------------------------------------------------------

    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        long ownerId = ids.owner();
        Predicate<Ids> always = i -> true;
        rows.add(row("GET /generations/{id}", i -> get("/generations/" + i.generation())));
        rows.add(row("GET /generations/{id}/card", i -> get("/generations/" + i.generation() + "/card")));
        rows.add(row("POST /generations/{id}/cancel", i -> post("/generations/" + i.generation() + "/cancel").with(csrf())));
        rows.add(row("POST /generations/{id}/retry", i -> post("/generations/" + i.generation() + "/retry").with(csrf())));
        rows.add(row("POST /generations/{id}/favourite", i -> post("/generations/" + i.generation() + "/favourite").with(csrf())));
        rows.add(row("POST /generations/{id}/shares", i -> post("/generations/" + i.generation() + "/shares").with(csrf())
                .param("teamIds", String.valueOf(teams.team(ownerId, ids.slug()).id()))));
        rows.add(row("GET /images/{id}", i -> get("/images/" + i.image())));
        rows.add(row("GET /images/{id}/thumb", i -> get("/images/" + i.image() + "/thumb")));
        rows.add(row("POST /keys/{id}/test", i -> post("/keys/" + i.key() + "/test").with(csrf())));
        // the owner signed in elsewhere: only they may sign that session out (the owner's turn comes last)
        rows.add(row("POST /account/sessions/{handle}/end", i -> post("/account/sessions/" + ownersOtherSession + "/end").with(csrf())));
        rows.add(row("POST /account/sso/{id}/link", i -> post("/account/sso/nowhere/link").with(csrf())));
        rows.add(row("GET /teams/{slug}", i -> get("/teams/" + i.slug())));
        rows.add(row("GET /teams/{slug}/gallery", i -> get("/teams/" + i.slug() + "/gallery")));
        rows.add(row("POST /teams/{slug}/gallery/{id}/favourite",
                i -> post("/teams/" + i.slug() + "/gallery/" + i.generation() + "/favourite").with(csrf())));
        // the member neither shared it nor manages the team: refused; the owner may stop sharing it
        rows.add(row("POST /teams/{slug}/gallery/unshare", i -> post("/teams/" + i.slug() + "/gallery/unshare").with(csrf())
                .param("ids", String.valueOf(i.deletableGeneration()))));
        rows.add(row("POST /teams/{slug}/rename", i -> post("/teams/" + i.slug() + "/rename").with(csrf()).param("name", "Access matrix")));
        // a wrong confirmation: whoever may delete is refused with a message, the team stays for the rows below
        rows.add(row("POST /teams/{slug}/delete", i -> post("/teams/" + i.slug() + "/delete").with(csrf()).param("confirm", "nope")));
        rows.add(new Row("POST /teams/{slug}/members/{userId}/role", i -> post("/teams/" + i.slug() + "/members/" + i.bystander() + "/role")
                .with(csrf()).param("role", "VIEWER"), i -> roleOf(ids.bystander()).equals("MEMBER"), null, false));
        rows.add(new Row("POST /teams/{slug}/members/{userId}/remove", i -> post("/teams/" + i.slug() + "/members/" + i.bystander()
                + "/remove").with(csrf()), i -> !roleOf(ids.bystander()).isEmpty(), null, false));
        rows.add(row("POST /teams/{slug}/transfer", i -> post("/teams/" + i.slug() + "/transfer").with(csrf())
                .param("userId", String.valueOf(ownerId))));
        // the last owner may not leave; the member may, and joins again by the link for the rows below
        rows.add(new Row("POST /teams/{slug}/leave", i -> post("/teams/" + i.slug() + "/leave").with(csrf()), always,
                () -> expectRedirect(post("/invitations/" + ids.linkToken() + "/accept").with(csrf()).session(sessions.get(Who.MEMBER))),
                false));
        rows.add(row("POST /teams/{slug}/invitations", i -> post("/teams/" + i.slug() + "/invitations").with(csrf())));
        rows.add(row("POST /teams/{slug}/invitations/{id}/revoke",
                i -> post("/teams/" + i.slug() + "/invitations/" + i.revocableInvitation() + "/revoke").with(csrf())));
        rows.add(row("POST /teams/{slug}/keys", i -> post("/teams/" + i.slug() + "/keys").with(csrf()).param("providerId", "fake")
                .param("label", "another").param("apiKey", "sk-matrix-another-0123456789")));
        rows.add(row("GET /teams/{slug}/usage", i -> get("/teams/" + i.slug() + "/usage")));
        rows.add(row("GET /teams/{slug}/usage/export.csv", i -> get("/teams/" + i.slug() + "/usage/export.csv")));
        rows.add(row("POST /teams/{slug}/budget", i -> post("/teams/" + i.slug() + "/budget").with(csrf())));
        // a link is a capability: whoever holds it may look at it (joining by link is in TeamFlowTest)
        rows.add(new Row("GET /invitations/{token}", i -> get("/invitations/" + i.linkToken()), always, null, true));
        // an invitation addressed to someone else cannot be seen, taken or turned down by anybody but them
        rows.add(row("POST /invitations/{token}/accept", i -> post("/invitations/" + i.personalToken() + "/accept").with(csrf())));
        rows.add(row("POST /invitations/{token}/decline", i -> post("/invitations/" + i.personalToken() + "/decline").with(csrf())));
        rows.add(row("POST /invitations/pending/{id}/accept", i -> post("/invitations/pending/" + i.personalInvitation() + "/accept").with(csrf())));
        rows.add(row("POST /invitations/pending/{id}/decline", i -> post("/invitations/pending/" + i.personalInvitation() + "/decline").with(csrf())));
        rows.add(row("GET /admin/users/{id}/quota", i -> get("/admin/users/" + i.person() + "/quota")));
        rows.add(row("POST /admin/users/{id}/quota", i -> post("/admin/users/" + i.person() + "/quota").with(csrf()).param("useDefault", "1")));
        rows.add(row("POST /admin/users/{id}/{action}", i -> post("/admin/users/" + i.person() + "/enable").with(csrf())));
        rows.add(row("GET /admin/usage/users/{id}", i -> get("/admin/usage/users/" + i.person())));
        rows.add(row("GET /admin/usage/users/{id}/export.csv", i -> get("/admin/usage/users/" + i.person() + "/export.csv")));
        rows.add(row("POST /admin/review/{id}/{action}", i -> post("/admin/review/" + i.generation() + "/unhide").with(csrf())
                .param("reason", "access matrix")));
        rows.add(row("POST /admin/providers/{id}/prices", i -> post("/admin/providers/" + i.provider() + "/prices").with(csrf())
                .param("model", "*").param("perCall", "0.01").param("currency", "USD")));
        rows.add(row("POST /admin/providers/{id}/{action}", i -> post("/admin/providers/" + i.provider() + "/disable").with(csrf())));
        rows.add(new Row("POST /generations/{id}/delete", i -> post("/generations/" + i.deletableGeneration() + "/delete").with(csrf()),
                i -> generations.find(ownerId, ids.deletableGeneration()).isPresent(), null, false));
        rows.add(new Row("POST /keys/{id}/delete", i -> post("/keys/" + i.deletableKey() + "/delete").with(csrf()),
                i -> keys.list(ownerId).stream().map(ApiKeyView::id).toList().contains(ids.deletableKey()), null, false));
        rows.add(new Row("POST /teams/{slug}/keys/{id}/delete", i -> post("/teams/" + i.slug() + "/keys/" + i.deletableTeamKey() + "/delete")
                .with(csrf()), i -> teams.keys(ownerId, ids.slug()).stream().anyMatch(k -> k.id() == ids.deletableTeamKey()), null, false));
        return rows;
    }

    static Row row(String mapping, Function<Ids, MockHttpServletRequestBuilder> request) {
        return new Row(mapping, request, i -> true, null, false);
    }

    // ---- the tests ------------------------------------------------------------------------------------------

    @Test
    void everyRouteWithAnIdInItsPathIsInTheTable() {
        Set<String> routes = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (!pattern.contains("{")) {
                    continue;
                }
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods) {
                    routes.add(method + " " + pattern);
                }
            }
        }
        assertThat(new TreeSet<>(EXPECTED.keySet())).as("routes with a path variable (add a row for each new one)")
                .isEqualTo(routes);
        assertThat(rows()).extracting(Row::mapping).containsExactlyElementsOf(EXPECTED.keySet());
    }

    @Test
    void everyPersonGetsExactlyTheAnswerTheTableSays() throws Exception {
        Map<String, String> actual = new LinkedHashMap<>();
        List<String> leaks = new ArrayList<>();
        for (Row row : rows()) {
            Map<Who, String> cells = new EnumMap<>(Who.class);
            for (Who who : RUN_ORDER) {
                cells.put(who, outcome(row.request().apply(ids), sessions.get(who)));
                if (who != Who.OWNER && row.intact() != null) {
                    assertThat(row.intact().test(ids)).as("%s is untouched after %s tried", row.mapping(), who).isTrue();
                }
            }
            if (row.restore() != null) {
                row.restore().run();
            }
            actual.put(row.mapping(), String.join(" ", Arrays.stream(Who.values()).map(cells::get).toList()));

            // a made-up id gets the same answer as somebody else's: the answer says nothing about what exists
            if (!row.capability()) {
                String made = outcome(row.request().apply(ids.absent()), sessions.get(Who.OTHER));
                if (!made.equals(cells.get(Who.OTHER))) {
                    leaks.add(row.mapping() + ": another person's object " + cells.get(Who.OTHER) + ", no object " + made);
                }
            }
            // an HTMX request without a session refreshes the page (which then goes to sign in) instead of swapping a form
            // in; htmx-spring-boot's entry point answers 403 with HX-Refresh
            MvcResult htmx = mvc.perform(row.request().apply(ids).header("HX-Request", "true")).andReturn();
            assertThat(htmx.getResponse().getStatus()).as("%s anonymous HTMX", row.mapping()).isEqualTo(403);
            assertThat(htmx.getResponse().getHeader("HX-Refresh")).as("%s anonymous HTMX", row.mapping()).isEqualTo("true");
        }
        Map<String, String> expected = new LinkedHashMap<>();
        EXPECTED.forEach((k, v) -> expected.put(k, v.trim().replaceAll("\\s+", " ")));
        assertThat(actual).isEqualTo(expected);
        assertThat(leaks).isEmpty();

        // the person an invitation is addressed to can use it (so the 404s above are not a broken route)
        assertThat(outcome(get("/invitations/" + ids.personalToken()), invitee)).isEqualTo("200");
        assertThat(outcome(post("/invitations/pending/" + ids.personalInvitation() + "/accept").with(csrf()), invitee)).isEqualTo("ok");
        assertThat(outcome(get("/teams/" + ids.slug()), invitee)).isEqualTo("200");
    }

    /** Routes without an id that answer everybody, each with their own things: somebody else's never show. */
    @Test
    void pagesAndExportsForEveryoneShowOnlyWhatThePersonMaySee() throws Exception {
        record Probe(String name, Function<Ids, MockHttpServletRequestBuilder> request, Set<Who> see) {
        }
        Set<Who> ownerOnly = Set.of(Who.OWNER);
        List<Probe> probes = List.of(
                new Probe("gallery search", i -> get("/gallery").param("q", marker), ownerOnly),
                new Probe("gallery grid fragment", i -> get("/gallery").param("q", marker).header("HX-Request", "true")
                        .header("HX-Target", "gallery-results"), ownerOnly),
                new Probe("usage page", i -> get("/usage").param("range", "30d"), ownerOnly),
                new Probe("usage CSV", i -> get("/usage/export.csv").param("range", "30d"), ownerOnly),
                new Probe("reuse a prompt", i -> get("/generate").param("from", String.valueOf(i.generation())),
                        Set.of(Who.OWNER, Who.MEMBER)),
                new Probe("ZIP of selected", i -> post("/gallery/zip").with(csrf()).param("ids", String.valueOf(i.generation())), ownerOnly),
                new Probe("content review", i -> get("/admin/review").param("q", marker), Set.of(Who.ADMIN)));
        Map<String, String> seen = new LinkedHashMap<>();
        for (Probe probe : probes) {
            for (Who who : Who.values()) {
                if (who == Who.ANONYMOUS) {
                    continue;
                }
                MvcResult r = mvc.perform(probe.request().apply(ids).session(sessions.get(who))).andReturn();
                if (r.getRequest().isAsyncStarted()) {
                    r = mvc.perform(asyncDispatch(r)).andReturn(); // streamed downloads
                }
                byte[] body = r.getResponse().getContentAsByteArray();
                String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
                boolean zipWithImage = body.length > 2 && body[0] == 'P' && body[1] == 'K';
                // the rest of the prompt, not the marker: a search page repeats the marker typed into its search box
                boolean sees = text.contains(PROMPT_TAIL) || zipWithImage;
                if (sees != probe.see().contains(who)) {
                    seen.put(probe.name() + " / " + who, (sees ? "shows" : "does not show") + " the owner's generation (status "
                            + r.getResponse().getStatus() + ")");
                }
            }
        }
        assertThat(seen).isEmpty();
        // and bulk actions on somebody else's ids do nothing
        MockHttpSession other = sessions.get(Who.OTHER);
        expectRedirect(post("/gallery/delete").with(csrf()).session(other).param("ids", String.valueOf(ids.generation())));
        expectRedirect(post("/gallery/share").with(csrf()).session(sessions.get(Who.MEMBER)).param("ids", String.valueOf(ids.generation()))
                .param("teamId", String.valueOf(teams.team(ids.owner(), ids.slug()).id())));
        assertThat(generations.find(ids.owner(), ids.generation())).isPresent();
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    String outcome(MockHttpServletRequestBuilder request, MockHttpSession session) throws Exception {
        if (session != null) {
            request.session(session);
        }
        MvcResult r = mvc.perform(request).andReturn();
        int status = r.getResponse().getStatus();
        String location = r.getResponse().getRedirectedUrl();
        if (status == 302 && location != null && location.endsWith("/login")) {
            return "login";
        }
        if (status == 302) {
            return r.getFlashMap().get("flashError") == null ? "ok" : "refused";
        }
        return String.valueOf(status);
    }

    String roleOf(long userId) {
        return members.members(ids.owner(), ids.slug()).stream().filter(m -> m.userId() == userId).map(m -> m.role().name())
                .findFirst().orElse("");
    }

    long generate(MockHttpSession session, String prompt) throws Exception {
        String location = expectRedirect(post("/generations").with(csrf()).session(session).param("prompt", prompt)
                .param("providerId", "fake").param("model", "stable-diffusion").param("n", "1"));
        long id = Long.parseLong(location.replace("/generations/", ""));
        long ownerId = Accounts.idOf(session);
        Eventually.within(Duration.ofSeconds(30)).until(() -> generations.find(ownerId, id).map(GenerationView::status)
                .orElseThrow() == GenerationStatus.SUCCEEDED);
        return id;
    }

    String expectRedirect(MockHttpServletRequestBuilder request) {
        try {
            MvcResult r = mvc.perform(request).andReturn();
            assertThat(r.getResponse().getStatus()).as("%s %s", r.getRequest().getMethod(), r.getRequest().getRequestURI()).isEqualTo(302);
            assertThat(r.getFlashMap().get("flashError")).as("%s", r.getRequest().getRequestURI()).isNull();
            return r.getResponse().getRedirectedUrl();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String flashInviteToken(MockHttpServletRequestBuilder request) throws Exception {
        MvcResult r = mvc.perform(request).andReturn();
        String link = (String) r.getFlashMap().get("inviteLink");
        assertThat(link).as("invitation link").isNotNull();
        return link.substring(link.lastIndexOf('/') + 1);
    }

    String body(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse().getContentAsString();
    }

    static long first(String html, String regex) {
        return all(html, regex).get(0);
    }

    static List<Long> all(String html, String regex) {
        List<Long> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(html);
        while (m.find()) {
            found.add(Long.parseLong(m.group(1)));
        }
        assertThat(found).as("%s in the page", regex).isNotEmpty();
        return found;
    }

}
