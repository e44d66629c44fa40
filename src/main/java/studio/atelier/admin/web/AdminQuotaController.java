package studio.atelier.admin.web;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

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

import studio.atelier.account.AccountApi;
import studio.atelier.account.AccountSummary;
import studio.atelier.admin.AdminUsageActions;
import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.usage.Limits;
import studio.atelier.usage.UsageAdmin;
import studio.atelier.usage.UsageApi;

/** Per-person quotas (empty field = unlimited, or back to the default) and the default quota for everyone. */
@Controller
class AdminQuotaController {

    private final AccountApi accounts;
    private final UsageAdmin usage;
    private final UsageApi usageApi;
    private final AdminUsageActions actions;

    AdminQuotaController(AccountApi accounts, UsageAdmin usage, UsageApi usageApi, AdminUsageActions actions) {
        this.accounts = accounts;
        this.usage = usage;
        this.usageApi = usageApi;
        this.actions = actions;
    }

    /** The form as typed. */
    record QuotaForm(String requestsPerDay, String imagesPerMonth, String costPerMonth)
            implements java.io.Serializable { // a flash attribute: kept in the session, in the database

        static QuotaForm of(Limits l) {
            return new QuotaForm(l.requestsPerDay() == null ? "" : l.requestsPerDay().toString(),
                    l.imagesPerMonth() == null ? "" : l.imagesPerMonth().toString(),
                    l.costPerMonth() == null ? "" : l.costPerMonth().stripTrailingZeros().toPlainString());
        }

        Limits parse(Map<String, String> errors) {
            return new Limits(count(requestsPerDay, "requestsPerDay", errors), count(imagesPerMonth, "imagesPerMonth", errors),
                    money(costPerMonth, errors));
        }

        private static Integer count(String text, String field, Map<String, String> errors) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                int n = Integer.parseInt(text.trim());
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            errors.put(field, "admin.quota.error.count");
            return null;
        }

        private static BigDecimal money(String text, Map<String, String> errors) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                BigDecimal v = new BigDecimal(text.trim());
                if (v.signum() >= 0 && v.compareTo(AdminPricesController.MAX) < 0 && v.stripTrailingZeros().scale() <= 6) {
                    return v;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            errors.put("costPerMonth", "admin.quota.error.cost");
            return null;
        }
    }

    @GetMapping("/admin/users/{id}/quota")
    String page(@PathVariable long id, Model model) {
        AccountSummary person = accounts.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        var own = usage.ownQuota(id);
        model.addAttribute("person", person);
        model.addAttribute("ownQuota", own.isPresent());
        model.addAttribute("defaults", QuotaForm.of(usage.defaultQuota()));
        if (!model.containsAttribute("quotaForm")) {
            model.addAttribute("quotaForm", QuotaForm.of(own.orElse(Limits.unlimited())));
        }
        if (!model.containsAttribute("quotaErrors")) {
            model.addAttribute("quotaErrors", Map.of());
        }
        model.addAttribute("meters", usageApi.meters(id));
        model.addAttribute("currency", usage.currency());
        return "admin/quota";
    }

    @PostMapping("/admin/users/{id}/quota")
    String set(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable long id, @RequestParam(required = false) String requestsPerDay,
            @RequestParam(required = false) String imagesPerMonth, @RequestParam(required = false) String costPerMonth,
            @RequestParam(required = false) String useDefault, HttpServletRequest request, RedirectAttributes redirect) {
        if (accounts.find(id).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        if (useDefault != null) {
            actions.setQuota(AdminActors.of(me, request), id, null);
            redirect.addFlashAttribute("flashSuccess", "admin.quota.saved");
            return "redirect:/admin/users/" + id + "/quota";
        }
        QuotaForm form = new QuotaForm(requestsPerDay, imagesPerMonth, costPerMonth);
        Map<String, String> errors = new LinkedHashMap<>();
        Limits limits = form.parse(errors);
        if (!errors.isEmpty()) {
            redirect.addFlashAttribute("quotaForm", form);
            redirect.addFlashAttribute("quotaErrors", errors);
            redirect.addFlashAttribute("flashError", "admin.quota.error.form");
            return "redirect:/admin/users/" + id + "/quota";
        }
        actions.setQuota(AdminActors.of(me, request), id, limits);
        redirect.addFlashAttribute("flashSuccess", "admin.quota.saved");
        return "redirect:/admin/users/" + id + "/quota";
    }

    @PostMapping("/admin/quota/default")
    String setDefault(@AuthenticationPrincipal AtelierPrincipal me, @RequestParam(required = false) String requestsPerDay,
            @RequestParam(required = false) String imagesPerMonth, @RequestParam(required = false) String costPerMonth,
            HttpServletRequest request, RedirectAttributes redirect) {
        QuotaForm form = new QuotaForm(requestsPerDay, imagesPerMonth, costPerMonth);
        Map<String, String> errors = new LinkedHashMap<>();
        Limits limits = form.parse(errors);
        if (!errors.isEmpty()) {
            redirect.addFlashAttribute("defaultForm", form);
            redirect.addFlashAttribute("defaultErrors", errors);
            redirect.addFlashAttribute("flashError", "admin.quota.error.form");
            return "redirect:/admin/users";
        }
        actions.setDefaultQuota(AdminActors.of(me, request), limits);
        redirect.addFlashAttribute("flashSuccess", "admin.quota.defaultSaved");
        return "redirect:/admin/users";
    }
}
