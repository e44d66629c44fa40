package studio.atelier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.ColorScheme;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import studio.atelier.support.SeedPrompt;

/**
 * axe-core (shipped as a test resource, see src/test/resources/axe/README.md) on every main page, in both
 * languages (and the dark colour scheme, in English): no serious or critical violations. The app's Content-Security-Policy forbids
 * injected scripts, so this browser profile (and only this one) bypasses CSP.
 */
class AccessibilityTest extends BrowserTest {

    private static final String AXE = load();

    @ParameterizedTest
    @EnumSource(Lang.class)
    void mainPagesHaveNoSeriousOrCriticalViolations(Lang lang) throws IOException {
        List<String> problems = new ArrayList<>();
        open(new Browser.NewContextOptions().setViewportSize(1280, 800).setBypassCSP(true));
        page.navigate("/login");
        if (lang != Lang.EN) {
            switchTo(lang);
        }
        problems.addAll(axe("login", lang));
        page.navigate("/register");
        problems.addAll(axe("register", lang));
        page.navigate("/login?error");
        problems.addAll(axe("login-error", lang));

        registerAndSignIn(lang, "a11y");
        navLink(lang.text("Keys", "密钥")).click();
        problems.addAll(axe("keys-empty", lang));
        addDemoKey(lang, "a11y");
        problems.addAll(axe("keys", lang));

        navLink(lang.text("Generate", "生成")).click();
        problems.addAll(axe("generate-empty", lang));
        page.getByLabel(lang.text("Prompt", "提示词"), new Page.GetByLabelOptions().setExact(true)).fill(SeedPrompt.TEXT);
        button(lang.text("Generate", "生成")).click();
        Locator card = page.locator("#recent-list .gen-card").first();
        assertThat(card.locator("img")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
        problems.addAll(axe("generate", lang));

        // The form with its error messages.
        page.getByLabel(lang.text("Prompt", "提示词"), new Page.GetByLabelOptions().setExact(true)).fill("");
        button(lang.text("Generate", "生成")).click();
        assertThat(page.locator("#prompt-error")).isVisible();
        problems.addAll(axe("generate-errors", lang));

        card.locator("a.gen-thumb").click();
        assertThat(page).hasURL(Pattern.compile("/generations/\\d+$"));
        assertThat(page.locator(".detail-figure img")).isVisible();
        problems.addAll(axe("detail", lang));

        navLink(lang.text("Gallery", "图库")).click();
        assertThat(page.locator("#gallery-results .gen-card img")).isVisible();
        problems.addAll(axe("gallery", lang));

        navLink(lang.text("Account", "账户")).click();
        problems.addAll(axe("account", lang));
        Files.createDirectories(SCREENSHOTS);
        Files.writeString(SCREENSHOTS.resolve("axe-" + lang.code + ".txt"), String.join("\n", problems) + "\n");
        assertTrue(problems.stream().noneMatch(p -> p.startsWith("serious") || p.startsWith("critical")),
                () -> "axe found serious or critical violations:\n" + String.join("\n", problems));
    }

    /** @return every violation found, one line each, starting with its impact */
    private List<String> axe(String where, Lang lang) {
        List<String> found = new ArrayList<>();
        // The colours do not depend on the language: the dark scheme is checked (and photographed) in English.
        for (ColorScheme scheme : lang == Lang.EN ? List.of(ColorScheme.LIGHT, ColorScheme.DARK) : List.of(ColorScheme.LIGHT)) {
            page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(scheme));
            found.addAll(axeOnce(where + (scheme == ColorScheme.DARK ? "-dark" : ""), lang));
            if (scheme == ColorScheme.DARK) {
                screenshot("a11y", where + "-dark", lang);
            }
        }
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
        return found;
    }

    @SuppressWarnings("unchecked")
    private List<String> axeOnce(String where, Lang lang) {
        page.waitForLoadState();
        if (!Boolean.TRUE.equals(page.evaluate("() => typeof window.axe !== 'undefined'"))) {
            page.addScriptTag(new Page.AddScriptTagOptions().setContent(AXE));
        }
        List<String> found = (List<String>) page.evaluate("""
                async () => {
                  const r = await axe.run(document, { resultTypes: ['violations'] });
                  return r.violations.flatMap(v => v.nodes.map(n =>
                    (v.impact || 'unknown') + ' ' + v.id + ' @ ' + n.target.join(' ') + ' :: ' + v.help
                      + ' :: ' + (n.failureSummary || '').replace(/\\s+/g, ' ')));
                }""");
        return found.stream().map(line -> line.replaceFirst("^(\\S+) ", "$1 [" + where + "/" + lang.code + "] ")).toList();
    }

    private static String load() {
        try (InputStream in = AccessibilityTest.class.getResourceAsStream("/axe/axe.min.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
