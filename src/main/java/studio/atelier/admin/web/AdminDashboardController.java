package studio.atelier.admin.web;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

import studio.atelier.admin.AdminRange;
import studio.atelier.generation.GenerationStats;
import studio.atelier.generation.GenerationStats.Bucket;

@Controller
class AdminDashboardController {

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private final GenerationStats stats;
    private final Clock clock;

    AdminDashboardController(GenerationStats stats, Clock clock) {
        this.stats = stats;
        this.clock = clock;
    }

    @GetMapping("/admin")
    String dashboard(@RequestParam(required = false) String range,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestHeader(value = "HX-Request", required = false) String htmx, Model model) {
        AdminRange r = AdminRange.of(range, from, to, clock.instant());
        model.addAttribute("range", r);
        model.addAttribute("totals", stats.totals(r.from(), r.to()));
        model.addAttribute("errors", stats.byErrorKind(r.from(), r.to()));
        model.addAttribute("topModels", stats.topModels(r.from(), r.to()));
        model.addAttribute("topUsers", stats.topUsers(r.from(), r.to(), 10));
        List<Bucket> series = stats.series(r.from(), r.to(), r.bucket());
        // the chart's data travels as JSON in a data- attribute: no inline script under the CSP
        model.addAttribute("chartJson", JSON.writeValueAsString(java.util.Map.of(
                "labels", series.stream().map(b -> r.hourly() ? b.start().toString().substring(11, 16)
                        : b.start().toString().substring(5, 10)).toList(),
                "total", series.stream().map(Bucket::generations).toList(),
                "failed", series.stream().map(Bucket::failed).toList())));
        return htmx != null ? "admin/dashboard :: body" : "admin/dashboard";
    }
}
