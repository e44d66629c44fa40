package studio.atelier.admin.web;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import studio.atelier.account.AccountAdmin;
import studio.atelier.account.AccountProblem;
import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.shared.Role;

@Controller
class AdminUsersController {

    private final AccountAdmin accounts;
    private final studio.atelier.usage.UsageAdmin usage;

    AdminUsersController(AccountAdmin accounts, studio.atelier.usage.UsageAdmin usage) {
        this.accounts = accounts;
        this.usage = usage;
    }

    @GetMapping("/admin/users")
    String users(@RequestParam(required = false) String q, HtmxRequest htmx, Model model) {
        model.addAttribute("q", q);
        var users = accounts.search(q, 100);
        model.addAttribute("users", users);
        model.addAttribute("monthUsage", usage.usageThisMonth(users.stream().map(studio.atelier.account.AccountSummary::id).toList()));
        model.addAttribute("noUsage", studio.atelier.usage.MonthUsage.NONE);
        model.addAttribute("currency", usage.currency());
        model.addAttribute("registrationOpen", accounts.registrationOpen());
        if (!model.containsAttribute("defaultForm")) {
            model.addAttribute("defaultForm", AdminQuotaController.QuotaForm.of(usage.defaultQuota()));
        }
        if (!model.containsAttribute("defaultErrors")) {
            model.addAttribute("defaultErrors", java.util.Map.of());
        }
        return "user-results".equals(htmx.getTarget()) ? "admin/users :: results" : "admin/users";
    }

    @PostMapping("/admin/users/{id}/{action}")
    String act(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable long id, @PathVariable String action,
            @RequestParam(required = false) String reason, HttpServletRequest request, RedirectAttributes redirect) {
        if (accounts.find(id).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        var actor = AdminActors.of(me, request);
        try {
            switch (action) {
                case "enable" -> accounts.setEnabled(actor, id, true, AdminActors.reason(reason));
                case "disable" -> accounts.setEnabled(actor, id, false, AdminActors.reason(reason));
                case "promote" -> accounts.setRole(actor, id, Role.ADMIN, AdminActors.reason(reason));
                case "demote" -> accounts.setRole(actor, id, Role.USER, AdminActors.reason(reason));
                case "reset-password" -> {
                    redirect.addFlashAttribute("temporaryPassword", accounts.resetPassword(actor, id, AdminActors.reason(reason)));
                    redirect.addFlashAttribute("temporaryFor", accounts.find(id).orElseThrow().username());
                }
                default -> throw new ResponseStatusException(HttpStatus.NOT_FOUND);
            }
            redirect.addFlashAttribute("flashSuccess", "admin.users.done." + action);
        } catch (AccountProblem refused) {
            redirect.addFlashAttribute("flashError", refused.messageCode());
        }
        return "redirect:/admin/users";
    }

    @PostMapping("/admin/registration")
    String registration(@AuthenticationPrincipal AtelierPrincipal me, @RequestParam boolean open, HttpServletRequest request,
            RedirectAttributes redirect) {
        accounts.setRegistrationOpen(AdminActors.of(me, request), open);
        redirect.addFlashAttribute("flashSuccess", open ? "admin.registration.opened" : "admin.registration.closed");
        return "redirect:/admin/users";
    }
}
