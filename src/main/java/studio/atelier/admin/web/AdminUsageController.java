package studio.atelier.admin.web;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequestHeader;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import studio.atelier.account.AccountApi;
import studio.atelier.account.AccountSummary;
import studio.atelier.shared.Csv;
import studio.atelier.shared.FilterCheck;
import studio.atelier.usage.UsageAdmin;
import studio.atelier.usage.UsageApi;
import studio.atelier.usage.UsageRange;
import studio.atelier.usage.UsageReport;
import studio.atelier.usage.UserUsageLine;
import studio.atelier.usage.UserUsagePage;
import tools.jackson.databind.json.JsonMapper;

/**
 * Usage per person for a range (sortable, searchable, paged, exportable), and a read-only view of one person's usage
 * page. Everything reads the daily roll-up except the 24 h range.
 */
@Controller
class AdminUsageController {

    static final int PAGE_SIZE = 50;
    private static final int CSV_MAX_ROWS = 1_000_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final UsageAdmin usage;
    private final UsageApi usageApi;
    private final AccountApi accounts;

    AdminUsageController(UsageAdmin usage, UsageApi usageApi, AccountApi accounts) {
        this.usage = usage;
        this.usageApi = usageApi;
        this.accounts = accounts;
    }

    /** The table's filters as they travel in links (range, custom days, search, sort, direction). */
    record Filter(UsageRange range, String q, String sort, String dir, int page) {

        static Filter of(String range, LocalDate from, LocalDate to, String q, String sort, String dir, Integer page) {
            return of(UsageRange.parse(range, from, to), q, sort, dir, page);
        }

        /** The filter as the address gives it, each wrong parameter kept as a problem of {@code check} (and left out). */
        static Filter checked(FilterCheck check, String range, String from, String to, String q, String sort, String dir,
                String page) {
            UsageRange r = UsageRange.checked(check, range, from, to);
            String s = check.oneOf("sort", sort, UsageAdmin.sortColumns().stream().sorted().toList());
            String d = check.oneOf("dir", dir, java.util.List.of("asc", "desc"));
            Long p = check.wholeNumber("page", page);
            return of(r, q, s, d, p == null || p > Integer.MAX_VALUE ? null : p.intValue());
        }

        private static Filter of(UsageRange range, String q, String sort, String dir, Integer page) {
            String s = sort != null && UsageAdmin.sortColumns().contains(sort) ? sort : "cost";
            String d = "asc".equals(dir) || "desc".equals(dir) ? dir : ("user".equals(s) ? "asc" : "desc");
            return new Filter(range, q == null || q.isBlank() ? null : q.trim(), s, d, page == null || page < 0 ? 0 : page);
        }

        public boolean ascending() {
            return "asc".equals(dir);
        }

        /** The direction a click on {@code column}'s header asks for. */
        public String nextDir(String column) {
            if (column.equals(sort)) {
                return ascending() ? "desc" : "asc";
            }
            return "user".equals(column) ? "asc" : "desc";
        }

        /** aria-sort of a column header. */
        public String ariaSort(String column) {
            return column.equals(sort) ? (ascending() ? "ascending" : "descending") : null;
        }

        public String rangeParam() {
            return range.kind().param();
        }
    }

    @GetMapping("/admin/usage")
    String table(@RequestParam(required = false) String range,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String q, @RequestParam(required = false) String sort,
            @RequestParam(required = false) String dir, @RequestParam(required = false) String page,
            HtmxRequest htmx, Model model, HttpServletResponse response) {
        FilterCheck check = new FilterCheck();
        Filter filter = Filter.checked(check, range, from, to, q, sort, dir, page);
        check.answer(model, response);
        UserUsagePage rows = usage.usageByUser(filter.range(), filter.q(), filter.sort(), filter.ascending(), filter.page(), PAGE_SIZE);
        model.addAttribute("filter", filter);
        model.addAttribute("rows", rows);
        model.addAttribute("currency", usage.currency());
        model.addAttribute("ranges", UsageRange.Kind.values());
        model.addAttribute("columns", java.util.List.of("user", "requests", "success", "images", "tokens", "cost"));
        response.setHeader(HttpHeaders.VARY, HtmxRequestHeader.HX_REQUEST.getValue());
        return "usage-table".equals(htmx.getTarget()) ? "admin/usage :: results" : "admin/usage";
    }

    @GetMapping("/admin/usage.csv")
    ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) String range,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String q, @RequestParam(required = false) String sort,
            @RequestParam(required = false) String dir) {
        Filter filter = Filter.of(range, from, to, q, sort, dir, 0);
        UserUsagePage rows = usage.usageByUser(filter.range(), filter.q(), filter.sort(), filter.ascending(), 0, CSV_MAX_ROWS);
        String currency = usage.currency();
        StreamingResponseBody body = out -> {
            out.write(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF });
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            w.write("username,requests,succeeded,success_rate_percent,images,tokens,cost,currency\r\n");
            for (UserUsageLine l : rows.lines()) {
                w.write(String.join(",", Csv.cell(l.username()), Long.toString(l.requests()), Long.toString(l.succeeded()),
                        l.successRate() == null ? "" : l.successRate().toPlainString(), Long.toString(l.images()), Long.toString(l.tokens()),
                        l.cost().stripTrailingZeros().toPlainString(), Csv.cell(currency)));
                w.write("\r\n");
            }
            w.flush();
        };
        String name = "atelier-usage-users-" + filter.rangeParam()
                + (filter.range().from() == null ? "" : "-" + filter.range().from() + "-" + filter.range().to()) + ".csv";
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(body);
    }

    /** One person's usage page, read-only, as an admin sees it. */
    @GetMapping("/admin/usage/users/{id}")
    String user(@PathVariable long id, @RequestParam(required = false) String range,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            HtmxRequest htmx, Model model, HttpServletResponse response) {
        AccountSummary person = accounts.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        FilterCheck check = new FilterCheck();
        UsageRange parsed = UsageRange.checked(check, range, from, to);
        check.answer(model, response);
        UsageReport report = usageApi.report(id, parsed);
        model.addAttribute("person", person);
        model.addAttribute("report", report);
        model.addAttribute("base", "/admin/usage/users/" + id);
        model.addAttribute("meters", usageApi.meters(id));
        model.addAttribute("chartJson", JSON.writeValueAsString(Map.of(
                "labels", report.chart().stream().map(UsageReport.Point::label).toList(),
                "requests", report.chart().stream().map(UsageReport.Point::requests).toList(),
                "cost", report.chart().stream().map(p -> p.cost().doubleValue()).toList())));
        model.addAttribute("ranges", java.util.List.of(UsageRange.Kind.values()));
        response.setHeader(HttpHeaders.VARY, HtmxRequestHeader.HX_REQUEST.getValue());
        return htmx.isHtmxRequest() ? "usage/usage :: results" : "admin/usage-user";
    }

    @GetMapping("/admin/usage/users/{id}/export.csv")
    ResponseEntity<StreamingResponseBody> userExport(@PathVariable long id, @RequestParam(required = false) String range,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        AccountSummary person = accounts.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        UsageRange parsed = UsageRange.parse(range, from, to);
        StreamingResponseBody body = out -> usageApi.exportCsv(id, parsed, out);
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("atelier-usage-" + person.username() + "-" + parsed.kind().param() + ".csv").build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(body);
    }
}
