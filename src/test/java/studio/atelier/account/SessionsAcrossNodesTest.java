package studio.atelier.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import studio.atelier.AtelierApplication;
import studio.atelier.support.Accounts;
import studio.atelier.support.EmbeddedPostgresInitializer;
import studio.atelier.support.WebSession;

/**
 * Two nodes of Atelier on one PostgreSQL database, each with its own HTTP server, talked to over real HTTP the way a
 * load balancer without sticky sessions would: a person signed in on one node is signed in on the other, and a session
 * signed out from the Account page on one node is over on the other at once.
 */
class SessionsAcrossNodesTest {

    private static final Pattern END_FORM = Pattern.compile("action=\"(/account/sessions/[A-Za-z0-9_-]+/end)\"");

    @TempDir
    static Path data;

    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void startTwoNodes() {
        String database = EmbeddedPostgresInitializer.newDatabase();
        nodeA = start(database, data.resolve("a"));
        nodeB = start(database, data.resolve("b"));
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {nodeA, nodeB}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void aPersonSignedInOnOneNodeIsSignedInOnTheOther() {
        String name = Accounts.uniqueName("nodes");
        WebSession onA = new WebSession(url(nodeA));
        onA.register(name, Accounts.PASSWORD);
        WebSession sameBrowserOnB = onA.at(url(nodeB));

        HttpResponse<String> account = sameBrowserOnB.get("/account");
        assertThat(account.statusCode()).isEqualTo(200);
        assertThat(account.body()).contains(name);
        // a form posted to the other node carries the CSRF token the first one handed out: the session is one
        assertThat(sameBrowserOnB.post("/account/sessions/end-others", Map.of()).headers().firstValue("Location"))
                .hasValue("/account");
        assertThat(onA.get("/gallery").statusCode()).isEqualTo(200);
    }

    @Test
    void signingOutASessionFromTheAccountPageOnOneNodeEndsItOnTheOther() {
        String name = Accounts.uniqueName("nodes");
        WebSession laptop = new WebSession(url(nodeA));
        laptop.register(name, Accounts.PASSWORD);
        WebSession phone = new WebSession(url(nodeB));
        phone.signIn(name, Accounts.PASSWORD);
        assertThat(phone.get("/gallery").statusCode()).isEqualTo(200);
        assertThat(phone.at(url(nodeA)).get("/gallery").statusCode()).isEqualTo(200);

        String page = laptop.get("/account").body();
        List<String> others = END_FORM.matcher(page).results().map(m -> m.group(1)).toList();
        assertThat(others).as("the phone, and not this browser, has a sign-out button").hasSize(1);
        assertThat(page).contains("this browser");

        HttpResponse<String> ended = laptop.post(others.get(0), Map.of());
        assertThat(ended.statusCode()).isEqualTo(302);
        assertThat(ended.headers().firstValue("Location")).hasValue("/account");

        for (WebSession node : List.of(phone, phone.at(url(nodeA)))) {
            HttpResponse<String> gallery = node.get("/gallery");
            assertThat(gallery.statusCode()).isEqualTo(302);
            assertThat(gallery.headers().firstValue("Location").orElseThrow()).contains("/login");
        }
        assertThat(laptop.at(url(nodeB)).get("/gallery").statusCode()).isEqualTo(200);
        Matcher again = END_FORM.matcher(laptop.get("/account").body());
        assertThat(again.find()).as("the phone is no longer listed").isFalse();
    }

    private static String url(ConfigurableApplicationContext node) {
        return "http://localhost:" + ((WebServerApplicationContext) node).getWebServer().getPort();
    }

    private static ConfigurableApplicationContext start(String database, Path dataDir) {
        return new SpringApplicationBuilder(AtelierApplication.class).profiles("test").run(
                "--server.port=0",
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--spring.datasource.hikari.maximum-pool-size=6",
                "--atelier.data-dir=" + dataDir);
    }
}
