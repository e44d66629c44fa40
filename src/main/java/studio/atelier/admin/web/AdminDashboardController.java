package studio.atelier.admin.web;

import java.util.Map;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import studio.atelier.admin.DatabaseBackups;
import studio.atelier.shared.FilterCheck;
import studio.atelier.usage.UsageAdmin;
import studio.atelier.usage.UsageOverview;
import studio.atelier.usage.UsageRange;

/** The dashboard: instance-wide usage for a range, from the daily roll-up (raw records only for 24 h). */
@Controller
class AdminDashboardController {

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private final UsageAdmin usage;
    private final DatabaseBackups backups;

    AdminDashboardController(UsageAdmin usage, DatabaseBackups backups) {
        this.usage = usage;
        this.backups = backups;
    }

    @GetMapping("/admin")
    String dashboard(@RequestParam(required = false) String range,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            HtmxRequest htmx, Model model, HttpServletResponse response) {
        FilterCheck check = new FilterCheck();
        UsageRange r = UsageRange.checked(check, range, from, to);
        check.answer(model, response);
        UsageOverview overview = usage.overview(r, 10);
        model.addAttribute("range", r);
        model.addAttribute("overview", overview);
        model.addAttribute("ranges", UsageRange.Kind.values());
        model.addAttribute("onlineBackup", backups.online());
        // the chart's data travels as JSON in a data- attribute: no inline script under the CSP
        model.addAttribute("chartJson", JSON.writeValueAsString(Map.of(
                "labels", overview.chart().stream().map(UsageOverview.Point::label).toList(),
                "total", overview.chart().stream().map(UsageOverview.Point::requests).toList(),
                "failed", overview.chart().stream().map(UsageOverview.Point::failed).toList(),
                "cost", overview.chart().stream().map(p -> p.cost().doubleValue()).toList())));
        return htmx.isHtmxRequest() ? "admin/dashboard :: body" : "admin/dashboard";
    }
}
