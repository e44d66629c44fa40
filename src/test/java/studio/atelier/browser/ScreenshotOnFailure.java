package studio.atelier.browser;

import java.nio.file.Path;

import com.microsoft.playwright.Page;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * When a browser test fails, keeps a full-page screenshot of what the browser showed at that moment in
 * {@code target/screenshots/FAILED-<class>-<test>.png} (runs before {@code @AfterEach} closes the page).
 */
class ScreenshotOnFailure implements AfterTestExecutionCallback {

    @Override
    public void afterTestExecution(ExtensionContext extension) {
        if (extension.getExecutionException().isEmpty()) {
            return;
        }
        Object instance = extension.getTestInstance().orElse(null);
        if (!(instance instanceof BrowserTest test) || test.page == null || test.page.isClosed()) {
            return;
        }
        String name = ("FAILED-" + extension.getRequiredTestClass().getSimpleName() + "-" + extension.getDisplayName())
                .replaceAll("[^A-Za-z0-9._-]+", "_");
        Path file = BrowserTest.SCREENSHOTS.resolve(name + ".png");
        try {
            test.page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(file));
            System.err.println("Screenshot of the failed browser test: " + file.toAbsolutePath() + " (at " + test.page.url() + ")");
        } catch (RuntimeException e) {
            System.err.println("Could not take a failure screenshot: " + e.getMessage());
        }
    }
}
