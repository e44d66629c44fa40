package studio.atelier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;

import org.junit.jupiter.api.Test;

import studio.atelier.support.SeedPrompt;

/**
 * J3: after two generations the usage page counts them, lists them with the model and tokens their detail pages
 * report, draws the chart (also after a range change through HTMX), and the CSV export carries both prompts byte for
 * byte: the seed's Chinese one and one that needs CSV quoting.
 */
class UsageJourneyTest extends BrowserTest {

    private static final String SEED = SeedPrompt.TEXT.trim();
    /** Quotes and commas: the CSV must quote the field and double the quotes, and give the text back unchanged. */
    private static final String QUOTED = "A \"paper\" lantern, lit at dusk, 纸灯笼";
    private static final Pattern TOKENS = Pattern.compile("= (\\d+)$");

    @Test
    void usagePageShowsTheRequestsDrawsTheChartAndExportsThePromptsIntact() throws IOException {
        desktop();
        registerAndSignIn(Lang.EN, "j3");
        addDemoKey(Lang.EN, "j3");

        navLink("Generate").click();
        Locator prompt = page.getByLabel("Prompt", new Page.GetByLabelOptions().setExact(true));
        prompt.fill(SEED);
        button("Generate").click();
        assertThat(page.locator("#recent-list .gen-card")).hasCount(1);
        prompt.fill(QUOTED);
        button("Generate").click();
        assertThat(page.locator("#recent-list .gen-card")).hasCount(2);
        assertThat(page.locator("#recent-list .gen-card .badge")).hasText(new String[] { "Done", "Done" },
                new LocatorAssertions.HasTextOptions().setTimeout(30_000));

        // What each detail page reports, to hold the usage page and the CSV against.
        Map<String, Facts> byPrompt = new LinkedHashMap<>();
        for (String text : List.of(SEED, QUOTED)) {
            navLink("Gallery").click();
            page.locator("#gallery-results .gen-card").filter(new Locator.FilterOptions().setHasText(text.substring(0, 12)))
                    .locator("a.gen-thumb").click();
            assertThat(page).hasURL(Pattern.compile("/generations/\\d+$"));
            assertThat(page.locator(".prompt-full").first()).hasText(text);
            byPrompt.put(text, new Facts(page.url().replaceAll(".*/", ""), fact("Model"), tokens(fact("Tokens")),
                    page.locator("#usage-record .record-cost").textContent().trim()));
        }
        Facts seed = byPrompt.get(SEED);
        Facts quoted = byPrompt.get(QUOTED);

        navLink("Usage").click();
        assertThat(page).hasURL(Pattern.compile("/usage$"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("Usage");
        assertThat(page.locator("#total-requests")).hasText("2");
        assertThat(page.locator("#total-success")).hasText("100 %");
        assertThat(page.locator("#total-images")).hasText("2");
        assertThat(page.locator("#total-tokens")).hasText(Long.toString(seed.tokens() + quoted.tokens()));
        // The range form shows the days of the range chosen (7 days, today included), ready to be adjusted.
        LocalDate from = LocalDate.parse(page.locator(".range-custom input[name=from]").inputValue());
        LocalDate to = LocalDate.parse(page.locator(".range-custom input[name=to]").inputValue());
        assertEquals(6, ChronoUnit.DAYS.between(from, to), "7 days from " + from + " to " + to);
        String totalCost = page.locator("#total-cost").textContent().trim();
        assertTrue(totalCost.matches("\\d+\\.\\d{2,6} USD"), "total cost: " + totalCost);

        Locator latest = page.locator("table.usage-latest tbody tr");
        assertThat(latest).hasCount(2);
        Locator seedRow = page.locator("#usage-" + usageRowId(latest, seed.id()));
        assertThat(seedRow.locator("td").nth(1)).hasText(seed.model());
        assertThat(seedRow.locator(".badge")).hasText("Done");
        assertThat(seedRow.locator("td").nth(3)).hasText(Long.toString(seed.tokens()));
        assertThat(seedRow.locator("td").nth(4)).hasText("1");
        assertThat(seedRow.locator("td").nth(5)).hasText(seed.cost());
        assertThat(seedRow.locator(".prompt-cell")).hasText(SEED.substring(0, 77) + "..."); // abbreviated to 80 characters
        Locator byModel = page.locator(".usage-breakdowns table").first().locator("tbody tr");
        assertThat(byModel).hasCount(1);
        assertThat(byModel.locator("td")).hasText(new String[] { DEMO_PROVIDER_EN, seed.model(), "2", "2",
                Long.toString(seed.tokens() + quoted.tokens()), totalCost });

        assertChartDrawn(2);
        assertTablesFit("usage in EN");
        screenshot("j3", "usage", Lang.EN);
        checkAccessibility("j3", "usage", Lang.EN);

        // The CSV of the range shown.
        Download download = page.waitForDownload(() -> page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Export CSV")).click());
        assertEquals("atelier-usage-7d.csv", download.suggestedFilename());
        byte[] bytes = Files.readAllBytes(download.path());
        assertArrayEquals(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, Arrays.copyOf(bytes, 3), "UTF-8 byte-order mark");
        assertTrue(indexOf(bytes, SEED.getBytes(StandardCharsets.UTF_8)) > 0, "the seed prompt's UTF-8 bytes are in the file");
        List<List<String>> csv = parseCsv(strictUtf8(Arrays.copyOfRange(bytes, 3, bytes.length)));
        List<String> header = csv.get(0);
        assertEquals(List.of("time_utc", "provider", "model", "status", "error_kind", "prompt_tokens", "completion_tokens", "total_tokens",
                "images", "cost", "currency", "latency_ms", "generation_id", "prompt"), header);
        assertEquals(3, csv.size(), "header and two rows: " + csv);
        for (Facts facts : List.of(seed, quoted)) {
            List<String> row = csv.stream().filter(r -> r.get(header.indexOf("generation_id")).equals(facts.id())).findFirst()
                    .orElseThrow(() -> new AssertionError("no CSV row for generation " + facts.id() + ": " + csv));
            assertEquals(header.size(), row.size(), "cells in " + row);
            assertEquals("demo", row.get(header.indexOf("provider")));
            assertEquals(facts.model(), row.get(header.indexOf("model")));
            assertEquals("SUCCEEDED", row.get(header.indexOf("status")));
            assertEquals(Long.toString(facts.tokens()), row.get(header.indexOf("total_tokens")));
            assertEquals("1", row.get(header.indexOf("images")));
            assertEquals("USD", row.get(header.indexOf("currency")));
        }
        assertEquals(SEED, row(csv, seed).get(header.indexOf("prompt")));
        assertEquals(QUOTED, row(csv, quoted).get(header.indexOf("prompt")));

        // Another range through HTMX: the address bar follows and the chart is drawn again for the new region.
        page.evaluate("() => { window.__marker = 'same-page'; }");
        page.locator(".range-picker").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("30 days").setExact(true)).click();
        assertThat(page).hasURL(Pattern.compile("/usage\\?range=30d$"));
        assertThat(page.locator(".range-picker [aria-current=true]")).hasText("30 days");
        assertThat(page.locator("#total-requests")).hasText("2");
        assertEquals("same-page", page.evaluate("() => window.__marker"), "the page was reloaded");
        assertChartDrawn(2);

        // The same page in Chinese.
        switchTo(Lang.ZH);
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("用量");
        assertThat(page.locator(".usage-chart-card h2")).hasText("每天的请求数和费用");
        assertThat(page.locator("table.usage-latest thead")).not().containsText("Prompt");
        assertThat(seedRow.locator(".badge")).hasText("已完成");
        assertChartDrawn(2);
        assertTablesFit("usage in ZH");
        screenshot("j3", "usage", Lang.ZH);
        checkAccessibility("j3", "usage", Lang.ZH);
        switchTo(Lang.EN);
        assertAccessible("j3");
    }

    /**
     * The chart: Chart.js made a chart on the canvas, its bars add up to {@code requests}, and the canvas really has
     * paint on it where the tallest bar is (not just an empty, correctly sized element).
     */
    @SuppressWarnings("unchecked")
    private void assertChartDrawn(int requests) {
        Locator canvas = page.locator("#usage-chart");
        assertThat(canvas).isVisible();
        page.waitForCondition(() -> Boolean.TRUE.equals(canvas.evaluate("c => !!(window.Chart && window.Chart.getChart(c))")));
        Map<String, Object> drawn = (Map<String, Object>) canvas.evaluate("""
                c => {
                  const chart = Chart.getChart(c);
                  const bars = chart.getDatasetMeta(0).data;
                  const tallest = bars.reduce((a, b) => (b.base - b.y) > (a.base - a.y) ? b : a, bars[0]);
                  const ratio = c.width / c.clientWidth;
                  const ctx = c.getContext('2d');
                  const at = ctx.getImageData(Math.round(tallest.x * ratio), Math.round((tallest.y + tallest.base) / 2 * ratio), 1, 1).data;
                  const all = ctx.getImageData(0, 0, c.width, c.height).data;
                  let painted = 0;
                  for (let i = 3; i < all.length; i += 4) { if (all[i] > 0) painted++; }
                  return { requests: chart.data.datasets[0].data.reduce((a, b) => a + b, 0), height: tallest.base - tallest.y,
                           alpha: at[3], painted: painted, width: c.clientWidth };
                }""");
        assertEquals(requests, ((Number) drawn.get("requests")).intValue(), "requests in the chart: " + drawn);
        assertTrue(((Number) drawn.get("height")).doubleValue() > 10, "the tallest bar is drawn: " + drawn);
        assertTrue(((Number) drawn.get("alpha")).intValue() > 0, "paint inside the tallest bar: " + drawn);
        assertTrue(((Number) drawn.get("painted")).intValue() > 2_000, "axes, labels and bars painted: " + drawn);
        assertTrue(((Number) drawn.get("width")).intValue() > 300, "the chart has room: " + drawn);
    }

    /** A dd of the detail page's facts, by its dt. */
    private String fact(String label) {
        return page.locator(".detail-facts > dl.facts dt").filter(new Locator.FilterOptions().setHasText(Pattern.compile("^" + label + "$")))
                .locator("xpath=following-sibling::dd[1]").textContent().trim();
    }

    private static long tokens(String split) {
        Matcher m = TOKENS.matcher(split);
        assertTrue(m.find(), "tokens: " + split);
        return Long.parseLong(m.group(1));
    }

    /** The usage row links to its generation; its element id is the usage record's. */
    private static String usageRowId(Locator rows, String generationId) {
        for (int i = 0; i < rows.count(); i++) {
            Locator row = rows.nth(i);
            if (row.locator("a").getAttribute("href").endsWith("/generations/" + generationId)) {
                return row.getAttribute("id").substring("usage-".length());
            }
        }
        throw new AssertionError("no usage row links to generation " + generationId);
    }

    private static List<String> row(List<List<String>> csv, Facts facts) {
        int id = csv.get(0).indexOf("generation_id");
        return csv.stream().filter(r -> r.size() > id && r.get(id).equals(facts.id())).findFirst().orElseThrow();
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("the CSV is not valid UTF-8", e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * RFC 4180, strictly: rows end with CRLF, a quoted field may hold commas, line breaks and doubled quotes. A bare
     * line feed outside quotes stays in the cell, so a wrongly ended row shows up as a wrong value.
     */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(c);
            }
        }
        if (!cell.isEmpty() || !row.isEmpty()) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }

    /** What a generation's detail page says about it. */
    private record Facts(String id, String model, long tokens, String cost) {
    }
}
