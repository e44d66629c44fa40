package studio.atelier.admin.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import studio.atelier.keys.ApiKeyService;
import studio.atelier.audit.AuditAction;
import studio.atelier.audit.AuditLog;
import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.gateway.Provider;
import studio.atelier.gateway.ProviderCatalog;
import studio.atelier.gateway.ProviderForm;

@Controller
class AdminProvidersController {

    private final ProviderCatalog providers;
    private final AuditLog audit;
    private final ApiKeyService keys;
    private final studio.atelier.usage.UsageAdmin usage;

    AdminProvidersController(ProviderCatalog providers, AuditLog audit, ApiKeyService keys, studio.atelier.usage.UsageAdmin usage) {
        this.providers = providers;
        this.audit = audit;
        this.keys = keys;
        this.usage = usage;
    }

    @GetMapping("/admin/providers")
    String list(@RequestParam(required = false) String edit, Model model) {
        ProviderForm form = edit == null ? ProviderForm.empty()
                : providers.find(edit).map(ProviderForm::of).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("form", form);
        return page(model);
    }

    @PostMapping("/admin/providers")
    String save(@AuthenticationPrincipal AtelierPrincipal me, @Validated @ModelAttribute("form") ProviderForm form,
            BindingResult errors, HttpServletRequest request, Model model, RedirectAttributes redirect) {
        var before = errors.hasFieldErrors("id") ? java.util.Optional.<Provider>empty() : providers.find(form.id());
        var saved = errors.hasErrors() ? java.util.Optional.<Provider>empty() : providers.saveFromConsole(form, errors);
        if (saved.isEmpty()) {
            return page(model);
        }
        audit.record(AdminActors.of(me, request), before.isPresent() ? AuditAction.PROVIDER_UPDATED : AuditAction.PROVIDER_CREATED,
                "provider", form.id(), before.map(Provider::toString).orElse(null), saved.get().toString(), null);
        redirect.addFlashAttribute("flashSuccess", "admin.providers.saved");
        return "redirect:/admin/providers";
    }

    @PostMapping("/admin/providers/{id}/{action}")
    String toggle(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String id, @PathVariable String action,
            HttpServletRequest request, RedirectAttributes redirect) {
        if (!action.equals("enable") && !action.equals("disable")) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        boolean enable = action.equals("enable");
        Provider before = providers.setEnabled(id, enable).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        audit.record(AdminActors.of(me, request), enable ? AuditAction.PROVIDER_ENABLED : AuditAction.PROVIDER_DISABLED, "provider", id,
                "enabled=" + before.enabled(), "enabled=" + enable, null);
        redirect.addFlashAttribute("flashSuccess", "admin.providers.saved");
        return "redirect:/admin/providers";
    }

    @PostMapping("/admin/keys/reencrypt")
    String reencrypt(@AuthenticationPrincipal AtelierPrincipal me, HttpServletRequest request, RedirectAttributes redirect) {
        int changed = keys.reencryptAll();
        audit.record(AdminActors.of(me, request), AuditAction.KEYS_REENCRYPTED, "setting", "encryption-key", null,
                changed + " key(s) re-sealed", null);
        redirect.addFlashAttribute("flashSuccess", "admin.keys.reencrypted");
        return "redirect:/admin/providers";
    }

    private String page(Model model) {
        var all = providers.all();
        model.addAttribute("providers", all);
        // price versions per provider, newest first per model; the first of each model is the one in force
        java.util.Map<String, java.util.List<studio.atelier.usage.Price>> prices = new java.util.LinkedHashMap<>();
        all.forEach(p -> prices.put(p.id(), usage.priceHistory(p.id())));
        model.addAttribute("prices", prices);
        model.addAttribute("currency", usage.currency());
        return "admin/providers";
    }
}
