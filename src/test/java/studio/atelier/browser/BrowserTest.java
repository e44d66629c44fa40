package studio.atelier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

import studio.atelier.support.Accounts;
import studio.atelier.support.EmbeddedPostgresInitializer;

/**
 * The whole application on a random port, on real PostgreSQL, with the built-in demo provider, driven by Debian's
 * Chromium through Playwright. Every browser test class extends this one and adds no configuration of its own, so
 * they all share one Spring context (and one database; every test registers a user of its own). The one exception,
 * {@link AdminQuotaJourneyTest}, needs an empty database for its first account to be the administrator: it discards
 * the shared context before it runs, and the classes after it share the new one.
 *
 * <p>The demo gateway is slowed to 2 s (the test profile's 50 ms is too quick for a person, or a test, to see the
 * "Queued"/"Generating" card and the streamed progress lines).
 *
 * <p>Without {@code /usr/bin/chromium} the tests are skipped, unless {@code ATELIER_REQUIRE_BROWSER=1} (CI): then
 * they fail.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ContextConfiguration(initializers = EmbeddedPostgresInitializer.class)
@TestPropertySource(properties = "atelier.upstream.demo.delay=2000ms")
@ExtendWith(ScreenshotOnFailure.class)
abstract class BrowserTest {

    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    static final String DEMO_PROVIDER_EN = "Demo — images drawn locally, offline";

    private static Playwright playwright;
    static Browser browser;

    @LocalServerPort
    int port;

    BrowserContext context;
    /** The page the helpers act on: the first person's, or whoever {@link #actAs(Page)} last chose. */
    Page page;
    private final List<BrowserContext> others = new ArrayList<>();
    private final List<String> accessibilityFindings = new ArrayList<>();

    @BeforeAll
    static void launchBrowser() {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("1".equals(System.getenv("ATELIER_REQUIRE_BROWSER"))) {
                fail("ATELIER_REQUIRE_BROWSER=1 but there is no Chromium at " + CHROMIUM
                        + " (apt-get install chromium fonts-noto-cjk)");
            }
            assumeTrue(false, "no Chromium at " + CHROMIUM + "; browser tests skipped");
        }
        // Assertions wait for what the server does in the background (a card appearing, a generation ending); on two
        // shared cores running the whole suite, Playwright's default 5 s was once not enough for a second card to appear.
        com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
        playwright = Playwright.create();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run")));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
        if (playwright != null) {
            playwright.close();
            playwright = null;
        }
    }

    @AfterEach
    void closeContext() {
        others.forEach(BrowserContext::close);
        others.clear();
        if (context != null) {
            context.close();
            context = null;
            page = null;
        }
    }

    /** A fresh browser profile (no cookies) for a desktop. */
    Page desktop() {
        return open(new Browser.NewContextOptions().setViewportSize(1280, 800));
    }

    /** A fresh browser profile for a phone-sized touch screen. */
    Page phone() {
        return open(new Browser.NewContextOptions().setViewportSize(390, 844).setIsMobile(true).setHasTouch(true)
                .setDeviceScaleFactor(2));
    }

    Page open(Browser.NewContextOptions options) {
        context = browser.newContext(options.setLocale("en-US").setBaseURL("http://localhost:" + port));
        context.setDefaultTimeout(15_000);
        page = context.newPage();
        return page;
    }

    /**
     * A second person at another desktop: a browser profile of its own (own cookies, own language), opened beside the
     * first one. The helpers keep acting on the current page until {@link #actAs(Page)} switches to this one.
     */
    Page anotherDesktop() {
        BrowserContext other = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800).setLocale("en-US")
                .setBaseURL("http://localhost:" + port));
        other.setDefaultTimeout(15_000);
        others.add(other);
        return other.newPage();
    }

    /** From now on the helpers (and a failure screenshot) act on this person's page. */
    void actAs(Page person) {
        page = person;
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    void screenshot(String journey, String step, Lang lang) {
        page.evaluate("() => window.scrollTo(0, 0)"); // else the sticky header lands mid-page in a full-page shot
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(SCREENSHOTS.resolve(journey + "-" + step + "-" + lang.code + ".png")));
    }

    /**
     * Runs axe-core on the page as it is now, in the light colour scheme and, in English, in the dark one too (the
     * colours do not depend on the language), which is also photographed. The findings are judged by
     * {@link #assertAccessible(String)}.
     */
    void checkAccessibility(String journey, String where, Lang lang) {
        for (ColorScheme scheme : lang == Lang.EN ? List.of(ColorScheme.LIGHT, ColorScheme.DARK) : List.of(ColorScheme.LIGHT)) {
            page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(scheme));
            String label = where + (scheme == ColorScheme.DARK ? "-dark" : "");
            accessibilityFindings.addAll(Axe.violations(page, label + "/" + lang.code));
            if (scheme == ColorScheme.DARK) {
                screenshot(journey, label, lang);
            }
        }
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
    }

    /**
     * Writes every axe finding of this test to {@code target/screenshots/axe-<name>.txt} and fails on a serious or
     * critical one. Called at the end of a journey, so one accessibility problem does not hide the journey's own.
     */
    void assertAccessible(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.writeString(SCREENSHOTS.resolve("axe-" + name + ".txt"), String.join("\n", accessibilityFindings) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(accessibilityFindings.stream().noneMatch(Axe::serious),
                () -> "axe found serious or critical violations:\n" + String.join("\n", accessibilityFindings));
    }

    /** Switches the interface language with the header's switcher, the way a person would. */
    void switchTo(Lang lang) {
        openMenuIfCollapsed();
        page.locator(".lang-switch").getByText(lang.switcher, new Locator.GetByTextOptions().setExact(true))
                .click();
        assertThat(page.locator("html")).hasAttribute("lang", Pattern.compile("^" + lang.tag));
    }

    /**
     * Registers through the form and is signed in at once, on a new session (the session cookie changes), landing on
     * Generate with a welcome.
     */
    String registerAndSignIn(Lang lang, String journey) {
        String username = registerAndSignIn(lang, journey, "/");
        assertThat(page).hasURL(Pattern.compile("/generate$"));
        return username;
    }

    /**
     * As {@link #registerAndSignIn(Lang, String)}, starting from a page that needs signing in (an invitation link):
     * after registering the browser is back on that page, signed in.
     */
    String registerAndSignIn(Lang lang, String journey, String start) {
        String username = Accounts.uniqueName("b");
        page.navigate(start);
        assertThat(page).hasURL(Pattern.compile("/login"));
        if (lang != Lang.EN) {
            switchTo(lang);
        }
        screenshot(journey, "login", lang);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(lang.text("Create one", "注册一个"))).click();
        assertThat(page).hasURL(Pattern.compile("/register"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .hasText(lang.text("Create your account", "创建账户"));
        page.getByLabel(lang.text("Username", "用户名")).fill(username);
        page.getByLabel(lang.text("Password", "密码"), new Page.GetByLabelOptions().setExact(true)).fill(Accounts.PASSWORD);
        page.getByLabel(lang.text("Repeat password", "再次输入密码")).fill(Accounts.PASSWORD);
        screenshot(journey, "register", lang);
        String signedOutSession = sessionCookie();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(lang.text("Create account", "创建账户"))).click();

        assertThat(page.locator(".whoami")).hasText(username);
        assertThat(page.locator(".flash-success")).containsText(lang.text("Welcome! Your account is ready and you are signed in.",
                "欢迎！账户已创建，你已登录。"));
        assertNotEquals(signedOutSession, sessionCookie(), "signing in gives the session a new id");
        return username;
    }

    /** The session cookie's value in the current person's browser. */
    String sessionCookie() {
        return page.context().cookies().stream().filter(c -> c.name.equals("JSESSIONID")).map(c -> c.value).findFirst().orElse(null);
    }

    /** Keys page: picks the demo provider, pastes "demo", saves; the row shows it masked and working. */
    void addDemoKey(Lang lang, String journey) {
        navLink(lang.text("Keys", "密钥")).click();
        assertThat(page).hasURL(Pattern.compile("/keys$"));
        assertThat(page.locator(".empty")).hasText(lang.text("No keys yet. Add one to start generating.", "还没有密钥。添加一个即可开始生成。"));
        page.getByLabel(lang.text("Provider", "提供方")).selectOption(
                new com.microsoft.playwright.options.SelectOption().setLabel(lang.text(DEMO_PROVIDER_EN, "演示 — 本地离线绘制图像")));
        page.getByLabel(lang.text("API key", "API 密钥"), new Page.GetByLabelOptions().setExact(true)).fill("demo");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(lang.text("Save and test", "保存并测试"))).click();

        assertThat(page.locator(".flash-success")).hasText(lang.text("The key was saved and works.", "密钥已保存，测试可用。"));
        var row = page.locator("tbody tr").first();
        assertThat(row.locator(".key-mask")).hasText("d…o");
        assertThat(row).not().containsText("demo");
        assertThat(row.locator(".badge")).hasText(lang.text("works", "可用"));
        screenshot(journey, "keys", lang);
    }

    /**
     * A link of the main navigation, by its exact label, the menu opened first on a narrow screen, as a person would.
     */
    Locator navLink(String label) {
        openMenuIfCollapsed();
        return page.getByRole(AriaRole.NAVIGATION).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(label).setExact(true));
    }

    /** On a narrow screen the navigation and the language switch sit behind the menu button. */
    void openMenuIfCollapsed() {
        page.waitForLoadState();
        Locator closedMenu = page.locator(".menu-toggle[aria-expanded=false]");
        if (closedMenu.isVisible()) {
            closedMenu.click();
        }
    }

    Locator button(String label) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(label).setExact(true));
    }

    void assertNoHorizontalScroll(String where) {
        // Against the device width, not window.innerWidth: a mobile browser widens its layout viewport to fit
        // content that is too wide (zooming out), so innerWidth grows along with the overflow.
        int device = page.viewportSize().width;
        int scrollWidth = ((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue();
        int innerWidth = ((Number) page.evaluate("() => window.innerWidth")).intValue();
        if (scrollWidth > device + 1 || innerWidth > device + 1) {
            Object culprits = page.evaluate("w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)"
                    + ".slice(0, 8).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).trim().replace(/\\s+/g, '.') : '')"
                    + " + ' ' + Math.round(e.getBoundingClientRect().right) + 'px').join(', ')", device);
            fail(where + " scrolls sideways: content " + scrollWidth + " px, layout viewport " + innerWidth + " px, screen " + device
                    + " px; too wide: " + culprits);
        }
    }

    /**
     * No table is wider than its box: a {@code .table-wrap} would scroll sideways, hiding columns (often the actions)
     * behind a scrollbar a desktop user does not expect.
     */
    void assertTablesFit(String where) {
        Object tooWide = page.evaluate("() => [...document.querySelectorAll('.table-wrap')].filter(w => w.scrollWidth > w.clientWidth + 1)"
                + ".map(w => (w.id || w.className) + ': ' + w.scrollWidth + ' px in ' + w.clientWidth + ' px').join('; ')");
        assertEquals("", tooWide, where + ": tables wider than their box");
    }

    /** The UI languages, with the switcher label and a helper to pick the expected string. */
    enum Lang {
        EN("en", "en", "EN"), ZH("zh", "zh", "中文");

        final String code;
        final String tag;
        final String switcher;

        Lang(String code, String tag, String switcher) {
            this.code = code;
            this.tag = tag;
            this.switcher = switcher;
        }

        String text(String english, String chinese) {
            return this == EN ? english : chinese;
        }
    }

}
