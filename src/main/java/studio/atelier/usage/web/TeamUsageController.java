package studio.atelier.usage.web;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequestHeader;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.shared.FilterCheck;
import studio.atelier.team.TeamApi;
import studio.atelier.team.TeamForbidden;
import studio.atelier.team.TeamNotFound;
import studio.atelier.team.TeamViews.TeamView;
import studio.atelier.usage.Limits;
import studio.atelier.usage.UsageApi;
import studio.atelier.usage.UsageRange;
import studio.atelier.usage.UsageReport;
import studio.atelier.usage.UsageScope;

/**
 * A team's usage page and export (the personal page's template and queries, scoped to the team, with a breakdown by
 * member) and its budget form. Owners and admins only: other members get 403, non-members 404 (as on every team URL).
 */
@Controller
class TeamUsageController {

    private final UsageApi usage;
    private final TeamApi teams;

    TeamUsageController(UsageApi usage, TeamApi teams) {
        this.usage = usage;
        this.teams = teams;
    }

    @GetMapping("/teams/{slug}/usage")
    String page(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String slug, @RequestParam(required = false) String range,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            HtmxRequest htmx, Model model, HttpServletResponse response) {
        TeamView team = managed(me, slug);
        FilterCheck check = new FilterCheck();
        UsageRange parsed = UsageRange.checked(check, range, from, to);
        check.answer(model, response);
        UsageReport report = usage.report(UsageScope.team(team.id()), parsed);
        model.addAttribute("team", team);
        model.addAttribute("report", report);
        model.addAttribute("chartJson", UsageController.chartJson(report));
        model.addAttribute("ranges", List.of(UsageRange.Kind.values()));
        model.addAttribute("base", "/teams/" + team.slug() + "/usage");
        response.setHeader(HttpHeaders.VARY, HtmxRequestHeader.HX_REQUEST.getValue());
        return htmx.isHtmxRequest() ? "usage/usage :: results" : "usage/usage";
    }

    @GetMapping("/teams/{slug}/usage/export.csv")
    ResponseEntity<StreamingResponseBody> export(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String slug,
            @RequestParam(required = false) String range,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        TeamView team = managed(me, slug);
        UsageRange parsed = UsageRange.parse(range, from, to);
        UsageScope scope = UsageScope.team(team.id());
        return UsageController.csv(parsed, "atelier-team-" + team.slug() + "-usage-", out -> usage.exportCsv(scope, parsed, out));
    }

    /** Sets the team's budget; an empty field is unlimited. */
    @PostMapping("/teams/{slug}/budget")
    String budget(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String slug,
            @RequestParam(required = false) String requestsPerDay, @RequestParam(required = false) String imagesPerMonth,
            @RequestParam(required = false) String costPerMonth, RedirectAttributes redirect) {
        TeamView team = managed(me, slug);
        try {
            Limits limits = new Limits(count(requestsPerDay), count(imagesPerMonth), amount(costPerMonth));
            usage.setTeamLimits(team.id(), limits);
            redirect.addFlashAttribute("flashSuccess", "usage.teamBudget.saved");
        } catch (IllegalArgumentException invalid) {
            redirect.addFlashAttribute("flashError", "usage.teamBudget.invalid");
        }
        return "redirect:/teams/" + team.slug();
    }

    @ExceptionHandler(TeamNotFound.class)
    void notFound(HttpServletResponse response) throws IOException {
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }

    @ExceptionHandler(TeamForbidden.class)
    void forbidden(HttpServletResponse response) throws IOException {
        response.sendError(HttpServletResponse.SC_FORBIDDEN);
    }

    /** The team, when this person is one of its owners or admins. */
    private TeamView managed(AtelierPrincipal me, String slug) {
        TeamView team = teams.team(me.id(), slug);
        if (!team.role().managesMembers()) {
            throw new TeamForbidden();
        }
        return team;
    }

    private static Integer count(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n < 0) {
                throw new IllegalArgumentException("negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static BigDecimal amount(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            BigDecimal n = new BigDecimal(text.trim());
            if (n.signum() < 0 || n.scale() > 6 || n.precision() - n.scale() > 12) {
                throw new IllegalArgumentException("out of range");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
