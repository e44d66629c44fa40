package studio.atelier.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import studio.atelier.support.Accounts;

class SsoSignInTest extends IdentityProviderTest {

    @Test
    void theSignInPageOffersEveryProviderAboveThePasswordFormInBothLanguages() {
        String english = new WebClient(port, "en").get("/login").body();
        assertThat(english).contains("Sign in with Mock IdP", "Sign in with Trusted IdP", "name=\"password\"");
        assertThat(english.indexOf("Sign in with Mock IdP")).isLessThan(english.indexOf("name=\"password\""));
        assertThat(new WebClient(port, "zh-CN").get("/login").body()).contains("使用 Mock IdP 登录", "使用 Trusted IdP 登录");
    }

    @Test
    void aFirstSignInProvisionsAnAccountAndLandsOnGenerate() {
        String subject = UUID.randomUUID().toString();
        String wanted = "Ada Lovelace " + subject.substring(0, 6);
        nextSignIn("mock", subject, claims("preferred_username", wanted, "email", "ada-" + subject + "@example.org"));
        WebClient browser = new WebClient(port);

        HttpResponse<String> landed = signIn(browser, "mock");

        assertThat(path(landed)).isEqualTo("/generate");
        assertThat(landed.statusCode()).isEqualTo(200);
        long id = accountOf("mock", subject).orElseThrow();
        Map<String, Object> account = account(id);
        assertThat(account.get("username")).isEqualTo("Ada-Lovelace-" + subject.substring(0, 6));
        assertThat(account.get("email")).isEqualTo("ada-" + subject + "@example.org");
        assertThat(account.get("password_hash")).as("no password of its own").isNull();
        assertThat(browser.get("/account").body()).contains("Ada-Lovelace-" + subject.substring(0, 6));
        assertThat(browser.get("/gallery").statusCode()).isEqualTo(200);
        assertThat(auditBy("sso:mock", "SSO_ACCOUNT_PROVISIONED")).anyMatch(e -> e.endsWith("|" + id));
    }

    @Test
    void theSameSubjectFindsTheSameAccountEvenAfterItsEmailChanged() {
        String subject = UUID.randomUUID().toString();
        nextSignIn("mock", subject, claims("email", "grace-" + subject + "@example.org"));
        assertThat(path(signIn(new WebClient(port), "mock"))).isEqualTo("/generate");
        long first = accountOf("mock", subject).orElseThrow();

        nextSignIn("mock", subject, claims("email", "hopper-" + subject + "@example.net", "preferred_username", "someone-else"));
        assertThat(path(signIn(new WebClient(port), "mock"))).isEqualTo("/generate");

        assertThat(accountOf("mock", subject)).contains(first);
        assertThat(account(first).get("email")).isEqualTo("hopper-" + subject + "@example.net");
        assertThat(account(first).get("username")).as("named once, at the first sign-in, cut to 40 characters")
                .isEqualTo(("grace-" + subject).substring(0, 40));
    }

    @Test
    void aTakenUsernameGetsANumber() {
        String name = "twin" + UUID.randomUUID().toString().substring(0, 8);
        String one = UUID.randomUUID().toString();
        String two = UUID.randomUUID().toString();
        nextSignIn("mock", one, claims("preferred_username", name));
        signIn(new WebClient(port), "mock");
        nextSignIn("mock", two, claims("preferred_username", name.toUpperCase()));
        signIn(new WebClient(port), "mock");
        assertThat(account(accountOf("mock", two).orElseThrow()).get("username")).isEqualTo(name.toUpperCase() + "-2");
    }

    @Test
    void anEmailOfAnExistingAccountIsNotLinkedWithoutTheProvidersPermission() {
        WebClient owner = new WebClient(port);
        String name = Accounts.uniqueName("owner");
        String email = name + "@example.org";
        register(owner, name, email);
        String subject = UUID.randomUUID().toString();
        nextSignIn("mock", subject, claims("email", email, "email_verified", true));
        WebClient browser = new WebClient(port, "zh-CN");

        HttpResponse<String> page = signIn(browser, "mock");

        assertThat(path(page)).isEqualTo("/login/sso?problem=email-taken");
        assertThat(page.body()).contains("你的电子邮箱已属于一个现有的 Atelier 账号", "关联");
        assertThat(accountOf("mock", subject)).isEmpty();
        assertThat(path(browser.get("/account"))).as("nobody signed in").isEqualTo("/login");
    }

    @Test
    void aProviderTrustedWithVerifiedEmailsLinksTheExistingAccountOnlyWhenTheEmailIsVerified() {
        String name = Accounts.uniqueName("verified");
        String email = name + "@example.org";
        register(new WebClient(port), name, email);
        long existing = jdbc.sql("select id from app_user where email = :e").param("e", email).query(Long.class).single();
        String subject = UUID.randomUUID().toString();

        nextSignIn("trusted", subject, claims("email", email, "email_verified", false));
        assertThat(path(signIn(new WebClient(port), "trusted"))).isEqualTo("/login/sso?problem=email-taken");

        nextSignIn("trusted", subject, claims("email", email, "email_verified", true));
        assertThat(path(signIn(new WebClient(port), "trusted"))).isEqualTo("/generate");
        assertThat(accountOf("trusted", subject)).contains(existing);
    }

    @Test
    void linkOnAccountAttachesTheProvidersIdentityToTheSignedInAccount() {
        WebClient browser = new WebClient(port);
        String name = Accounts.uniqueName("linker");
        register(browser, name, name + "@example.org");
        long id = jdbc.sql("select id from app_user where username = :n").param("n", name).query(Long.class).single();
        assertThat(browser.get("/account").body()).contains("Link Mock IdP");
        String subject = UUID.randomUUID().toString();
        nextSignIn("mock", subject, claims("email", "elsewhere-" + subject + "@example.org"));

        HttpResponse<String> linked = browser.post("/account", "/account/sso/mock/link", Map.of());

        assertThat(path(linked)).isEqualTo("/account?linked");
        assertThat(linked.body()).contains("The identity provider is now linked to your account.");
        assertThat(accountOf("mock", subject)).contains(id);
        nextSignIn("mock", subject, claims());
        WebClient later = new WebClient(port);
        assertThat(path(signIn(later, "mock"))).isEqualTo("/generate");
        assertThat(later.get("/account").body()).contains(name);
    }

    @Test
    void aDisabledAccountIsRefusedWhateverTheProviderSays() {
        String subject = UUID.randomUUID().toString();
        nextSignIn("mock", subject, claims("preferred_username", "gone" + subject.substring(0, 6)));
        signIn(new WebClient(port), "mock");
        long id = accountOf("mock", subject).orElseThrow();
        jdbc.sql("update app_user set enabled = false where id = :u").param("u", id).update();

        nextSignIn("mock", subject, claims("preferred_username", "gone" + subject.substring(0, 6)));
        WebClient browser = new WebClient(port);
        HttpResponse<String> page = signIn(browser, "mock");

        assertThat(path(page)).isEqualTo("/login/sso?problem=disabled");
        assertThat(page.body()).contains("Your account has been disabled");
        assertThat(path(browser.get("/generate"))).isEqualTo("/login");
        assertThat(auditBy("sso:mock", "LOGIN_REFUSED_DISABLED")).anyMatch(e -> e.endsWith("|" + id));
    }

    @Test
    void aTamperedStateIsRefusedAndSignsNobodyIn() {
        WebClient browser = new WebClient(port);
        String authorize = browser.step("/oauth2/authorization/mock").headers().firstValue("Location").orElseThrow();
        // no claims queued: a refused state never reaches the provider's token endpoint, where they would be used
        String callback = browser.step(authorize).headers().firstValue("Location").orElseThrow();
        String tampered = callback.replaceAll("state=[^&]+", "state=forged");

        HttpResponse<String> page = browser.get(tampered);

        assertThat(path(page)).isEqualTo("/login/sso?problem=state");
        assertThat(page.body()).contains("could not be matched to this browser").doesNotContain("Whitelabel", "Exception");
        assertThat(path(browser.get("/generate"))).isEqualTo("/login");
        // the genuine answer, replayed in another browser, is no better
        assertThat(path(new WebClient(port, "zh-CN").get(callback))).isEqualTo("/login/sso?problem=state");
    }

    @Test
    void anIdTokenWithAnotherNonceIsRefusedAndSignsNobodyIn() {
        String subject = UUID.randomUUID().toString();
        // a nonce among the queued claims replaces the one Atelier sent with the authorization request
        nextSignIn("mock", subject, claims("preferred_username", "replayed" + subject.substring(0, 6), "nonce", "another-sign-in"));
        WebClient browser = new WebClient(port, "zh-CN");

        HttpResponse<String> page = signIn(browser, "mock");

        assertThat(path(page)).isEqualTo("/login/sso?problem=token");
        assertThat(page.body()).contains("无法验证身份提供方的应答").doesNotContain("Whitelabel", "Exception");
        assertThat(accountOf("mock", subject)).as("nobody provisioned").isEmpty();
        assertThat(path(browser.get("/generate"))).as("nobody signed in").isEqualTo("/login");
    }

    @Test
    void aMissingNameAndEmailIsExplained() {
        nextSignIn("mock", UUID.randomUUID().toString(), claims());
        HttpResponse<String> page = signIn(new WebClient(port), "mock");
        assertThat(path(page)).isEqualTo("/login/sso?problem=claims");
        assertThat(page.body()).contains("did not say who you are");
    }

    @Test
    void consentRefusedAtTheProviderIsExplained() {
        WebClient browser = new WebClient(port, "zh-CN");
        String authorize = browser.step("/oauth2/authorization/mock").headers().firstValue("Location").orElseThrow();
        String state = URI.create(authorize).getRawQuery().replaceAll(".*state=([^&]+).*", "$1");
        HttpResponse<String> page = browser.get("/login/oauth2/code/mock?error=access_denied&state=" + state);
        assertThat(path(page)).isEqualTo("/login/sso?problem=denied");
        assertThat(page.body()).contains("身份提供方没有允许 Atelier 为你登录");
    }

    @Test
    void signingOutEndsTheProvidersSessionToo() {
        String subject = UUID.randomUUID().toString();
        nextSignIn("mock", subject, claims("preferred_username", "leaver" + subject.substring(0, 6)));
        WebClient browser = new WebClient(port);
        signIn(browser, "mock");

        HttpResponse<String> out = browser.postStep("/generate", "/logout", Map.of());

        String location = out.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(IDP.endSessionEndpointUrl("mock").toString()).contains("id_token_hint=")
                .contains("post_logout_redirect_uri=");
        assertThat(path(browser.get("/generate"))).isEqualTo("/login");
        assertThat(out.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("form-action 'self' " + IDP.baseUrl().toString().replaceAll("/$", ""));
    }

    private void register(WebClient browser, String name, String email) {
        HttpResponse<String> done = browser.post("/register", "/register", Map.of("username", name, "password", Accounts.PASSWORD,
                "passwordConfirm", Accounts.PASSWORD, "email", email));
        assertThat(List.of("/generate", "/")).contains(done.uri().getPath());
    }
}
