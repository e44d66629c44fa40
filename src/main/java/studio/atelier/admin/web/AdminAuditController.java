package studio.atelier.admin.web;

import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import studio.atelier.account.AccountApi;
import studio.atelier.audit.AuditAction;
import studio.atelier.audit.AuditFilter;
import studio.atelier.audit.AuditLog;
import studio.atelier.audit.AuditView;
import studio.atelier.shared.FilterCheck;

/** The audit log: read and export only; there is no route that changes an entry. */
@Controller
class AdminAuditController {

    private final AuditLog audit;
    private final AccountApi accounts;
    private final AuditChanges changes;

    AdminAuditController(AuditLog audit, AccountApi accounts, AuditChanges changes) {
        this.audit = audit;
        this.accounts = accounts;
        this.changes = changes;
    }

    @GetMapping("/admin/audit")
    String audit(@RequestParam(required = false) String action, @RequestParam(required = false) String actor,
            @RequestParam(required = false) String target,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(name = "before", required = false) String beforeParam,
            HtmxRequest htmx, Model model, HttpServletResponse response) {
        FilterCheck check = new FilterCheck();
        AuditFilter filter = new AuditFilter(check.oneOf("action", action, Arrays.stream(AuditAction.values()).map(Enum::name).toList()),
                actor, target, check.date("from", from), check.date("to", to));
        Long before = check.wholeNumber("before", beforeParam);
        check.answer(model, response);
        List<AuditView> entries = audit.page(filter, before, AuditLog.PAGE_SIZE);
        model.addAttribute("filter", filter);
        model.addAttribute("entries", entries);
        model.addAttribute("userNames", userNames(entries));
        model.addAttribute("changes", changes.of(entries));
        model.addAttribute("actions", AuditAction.values());
        model.addAttribute("next", entries.size() == AuditLog.PAGE_SIZE ? entries.get(entries.size() - 1).id() : null);
        if (htmx.isHtmxRequest() && before != null) {
            return "admin/audit :: rows";
        }
        return "audit-results".equals(htmx.getTarget()) ? "admin/audit :: results" : "admin/audit";
    }

    /**
     * The current username of every person an entry is about (the log keeps only their id, which says nothing to the
     * administrator reading it); a deleted account has none.
     */
    private Map<String, String> userNames(List<AuditView> entries) {
        Map<String, String> names = new HashMap<>();
        entries.stream().filter(e -> "user".equals(e.targetType()) && e.targetId() != null && e.targetId().matches("\\d{1,18}"))
                .map(AuditView::targetId).distinct()
                .forEach(id -> accounts.find(Long.parseLong(id)).ifPresent(a -> names.put(id, a.username())));
        return names;
    }

    @GetMapping("/admin/audit.csv")
    ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) String action,
            @RequestParam(required = false) String actor, @RequestParam(required = false) String target,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        AuditFilter filter = new AuditFilter(action, actor, target, from, to);
        StreamingResponseBody body = out -> audit.exportCsv(filter, new OutputStreamWriter(out, StandardCharsets.UTF_8));
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("atelier-audit.csv").build().toString())
                .body(body);
    }
}
