package studio.atelier.signin;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.JOSEObjectType;

import java.net.http.HttpResponse;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import studio.atelier.support.EmbeddedPostgresInitializer;

/**
 * The whole application on a random port, on real PostgreSQL, with two identity providers served by a real OpenID
 * Connect server in-process (mock-oauth2-server): "mock" (groups give roles and teams; no linking by e-mail) and
 * "trusted" (links existing accounts by a verified e-mail address). Sign-ins follow every redirect through the
 * provider; its login page is skipped by queueing the claims the next sign-in gets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ContextConfiguration(initializers = EmbeddedPostgresInitializer.class)
abstract class IdentityProviderTest {

    static final MockOAuth2Server IDP = new MockOAuth2Server();

    static {
        IDP.start();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        Map<String, String> names = Map.of("mock", "Mock IdP", "trusted", "Trusted IdP");
        names.forEach((id, name) -> {
            String registration = "spring.security.oauth2.client.registration." + id + ".";
            registry.add(registration + "client-id", () -> "atelier");
            registry.add(registration + "client-secret", () -> "atelier-secret");
            registry.add(registration + "client-name", () -> name);
            registry.add(registration + "scope", () -> "openid,profile,email");
            registry.add("spring.security.oauth2.client.provider." + id + ".issuer-uri", () -> IDP.issuerUrl(id).toString());
        });
        registry.add("atelier.sso.trusted.link-by-verified-email", () -> "true");
        registry.add("atelier.sso.mock.admin-groups", () -> "atelier-admins");
        registry.add("atelier.sso.mock.team-groups.designers", () -> "design-studio:MEMBER");
        registry.add("atelier.sso.mock.team-groups.design-leads", () -> "design-studio:ADMIN");
    }

    /** The claims the provider puts in the next sign-in's tokens. */
    static void nextSignIn(String issuerId, String subject, Map<String, Object> claims) {
        IDP.enqueueCallback(new DefaultOAuth2TokenCallback(issuerId, subject, JOSEObjectType.JWT.getType(), null, claims, 3600));
    }

    static Map<String, Object> claims(Object... pairs) {
        Map<String, Object> claims = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            claims.put((String) pairs[i], pairs[i + 1]);
        }
        return claims;
    }

    /** Clicks "Sign in with …" in a fresh browser and follows the redirects to wherever they end. */
    HttpResponse<String> signIn(WebClient browser, String registrationId) {
        return browser.get("/oauth2/authorization/" + registrationId);
    }

    static String path(HttpResponse<?> response) {
        String query = response.uri().getRawQuery();
        return response.uri().getPath() + (query == null ? "" : "?" + query);
    }

    Optional<Long> accountOf(String issuerId, String subject) {
        return jdbc.sql("select user_id from sso_identity where issuer = :i and subject = :s")
                .param("i", IDP.issuerUrl(issuerId).toString()).param("s", subject).query(Long.class).optional();
    }

    Map<String, Object> account(long userId) {
        return jdbc.sql("select username, email, role, enabled, password_hash from app_user where id = :u").param("u", userId)
                .query().singleRow();
    }

    List<String> auditBy(String actor, String action) {
        return jdbc.sql("select coalesce(after_value, '') || '|' || coalesce(before_value, '') || '|' || target_id from audit_entry "
                + "where actor_name = :a and action = :x order by id").param("a", actor).param("x", action).query(String.class).list();
    }
}
