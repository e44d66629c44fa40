package studio.atelier.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.microsoft.playwright.Page;

/**
 * axe-core (shipped as a test resource, see src/test/resources/axe/README.md) run on the page the browser shows.
 *
 * <p>The script is handed to the page through Playwright's evaluate (the DevTools protocol), which the page's
 * Content-Security-Policy does not govern; a script tag would be refused by it. So the page is checked as people get
 * it, with its CSP in force.
 */
final class Axe {

    private static final String SOURCE = load();

    private Axe() {
    }

    /** @return every violation on the page, one line each: impact, [where], rule, element, help and why */
    @SuppressWarnings("unchecked")
    static List<String> violations(Page page, String where) {
        page.waitForLoadState();
        if (!Boolean.TRUE.equals(page.evaluate("() => typeof window.axe !== 'undefined'"))) {
            page.evaluate("() => {\n" + SOURCE + "\n}");
        }
        List<String> found = (List<String>) page.evaluate("""
                async () => {
                  const r = await axe.run(document, { resultTypes: ['violations'] });
                  return r.violations.flatMap(v => v.nodes.map(n =>
                    (v.impact || 'unknown') + ' ' + v.id + ' @ ' + n.target.join(' ') + ' :: ' + v.help
                      + ' :: ' + (n.failureSummary || '').replace(/\\s+/g, ' ')));
                }""");
        return found.stream().map(line -> line.replaceFirst("^(\\S+) ", "$1 [" + where + "] ")).toList();
    }

    static boolean serious(String violation) {
        return violation.startsWith("serious") || violation.startsWith("critical");
    }

    private static String load() {
        try (InputStream in = Axe.class.getResourceAsStream("/axe/axe.min.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
