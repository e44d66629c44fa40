package studio.atelier.usage.web;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequestHeader;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.shared.FilterCheck;
import studio.atelier.usage.UsageApi;
import studio.atelier.usage.UsageRange;
import studio.atelier.usage.UsageReport;
import tools.jackson.databind.json.JsonMapper;

/**
 * The personal usage page. One URL serves the full page and, for HTMX, the results region (range changes and the
 * self-refresh when a generation finishes). The export streams the same range as CSV.
 */
@Controller
class UsageController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final UsageApi usage;

    UsageController(UsageApi usage) {
        this.usage = usage;
    }

    @GetMapping("/usage")
    String page(@AuthenticationPrincipal AtelierPrincipal me, @RequestParam(required = false) String range,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            HtmxRequest htmx, Model model, HttpServletResponse response) {
        FilterCheck check = new FilterCheck();
        UsageRange parsed = UsageRange.checked(check, range, from, to);
        check.answer(model, response);
        UsageReport report = usage.report(me.id(), parsed);
        model.addAttribute("report", report);
        model.addAttribute("chartJson", chartJson(report));
        model.addAttribute("ranges", List.of(UsageRange.Kind.values()));
        model.addAttribute("base", "/usage");
        response.setHeader(HttpHeaders.VARY, HtmxRequestHeader.HX_REQUEST.getValue());
        return htmx.isHtmxRequest() ? "usage/usage :: results" : "usage/usage";
    }

    @GetMapping("/usage/export.csv")
    ResponseEntity<StreamingResponseBody> export(@AuthenticationPrincipal AtelierPrincipal me,
            @RequestParam(required = false) String range,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        UsageRange parsed = UsageRange.parse(range, from, to);
        long userId = me.id();
        return csv(parsed, "atelier-usage-", out -> usage.exportCsv(userId, parsed, out));
    }

    /** A streamed CSV download named after the range. */
    static ResponseEntity<StreamingResponseBody> csv(UsageRange parsed, String prefix, StreamingResponseBody body) {
        String name = prefix + parsed.kind().param() + (parsed.from() == null ? "" : "-" + parsed.from() + "-" + parsed.to()) + ".csv";
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(body);
    }

    /** The quota banner on its own (it refreshes itself when a generation finishes). */
    @GetMapping("/usage/banner")
    String banner() {
        return "usage/partials/quota :: banner";
    }

    /** The generate form's cost estimate for the chosen provider, model and number of images. */
    @GetMapping("/usage/estimate")
    String estimate(@RequestParam(required = false) String providerId, @RequestParam(required = false) String model,
            @RequestParam(required = false) String n, Model model2) {
        model2.addAttribute("estimate", usage.estimate(providerId, model, n).orElse(null));
        return "usage/partials/estimate :: estimate";
    }

    static String chartJson(UsageReport report) {
        return JSON.writeValueAsString(Map.of(
                "labels", report.chart().stream().map(UsageReport.Point::label).toList(),
                "requests", report.chart().stream().map(UsageReport.Point::requests).toList(),
                "cost", report.chart().stream().map(p -> p.cost().doubleValue()).toList()));
    }
}
