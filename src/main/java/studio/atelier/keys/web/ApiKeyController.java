package studio.atelier.keys.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;

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

import studio.atelier.keys.ApiKeyForm;
import studio.atelier.keys.ApiKeyService;
import studio.atelier.keys.ApiKeyView;
import studio.atelier.keys.KeyCheckOutcome;
import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.gateway.Provider;
import studio.atelier.gateway.ProviderCatalog;

@Controller
class ApiKeyController {

    private final ApiKeyService keys;
    private final ProviderCatalog providers;

    ApiKeyController(ApiKeyService keys, ProviderCatalog providers) {
        this.keys = keys;
        this.providers = providers;
    }

    @GetMapping("/keys")
    String page(@AuthenticationPrincipal AtelierPrincipal me, @RequestParam(required = false) String provider, Model model) {
        List<Provider> enabled = providers.enabled();
        String preselected = provider != null ? provider : enabled.isEmpty() ? null : enabled.get(0).id();
        model.addAttribute("form", ApiKeyForm.empty(preselected));
        return render(me, model);
    }

    @PostMapping("/keys")
    String save(@AuthenticationPrincipal AtelierPrincipal me, @Validated @ModelAttribute("form") ApiKeyForm form,
            BindingResult errors, Model model, RedirectAttributes redirect) {
        Optional<KeyCheckOutcome> outcome = keys.save(me.id(), form, errors);
        if (outcome.isEmpty()) {
            // Re-shown with the messages; the secret input has no value attribute, so the typed key is not echoed back.
            return render(me, model);
        }
        redirect.addFlashAttribute(outcome.get().ok() ? "flashSuccess" : "flashWarning",
                outcome.get().ok() ? "keys.saved.ok" : "keys.saved.warning");
        redirect.addFlashAttribute("checkOutcome", outcome.get());
        return "redirect:/keys";
    }

    @PostMapping("/keys/{id}/test")
    String test(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable long id,
            HtmxRequest htmx, Model model, RedirectAttributes redirect) {
        KeyCheckOutcome outcome = keys.test(me.id(), id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        if (!htmx.isHtmxRequest()) {
            redirect.addFlashAttribute(outcome.ok() ? "flashSuccess" : "flashError", outcome.messageCode());
            return "redirect:/keys";
        }
        ApiKeyView key = keys.list(me.id()).stream().filter(k -> k.id() == id).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("key", key);
        model.addAttribute("providerNames", providerNames());
        model.addAttribute("rowOutcome", outcome);
        return "keys/partials/key-row :: row";
    }

    @PostMapping("/keys/{id}/delete")
    String delete(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable long id,
            HtmxRequest htmx, RedirectAttributes redirect) {
        if (!keys.delete(me.id(), id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        if (!htmx.isHtmxRequest()) {
            redirect.addFlashAttribute("flashSuccess", "keys.deleted");
            return "redirect:/keys";
        }
        return "keys/partials/key-row :: deleted";
    }

    private String render(AtelierPrincipal me, Model model) {
        model.addAttribute("keys", keys.list(me.id()));
        model.addAttribute("providers", providers.enabled());
        model.addAttribute("providerNames", providerNames());
        return "keys/keys";
    }

    private Map<String, String> providerNames() {
        Map<String, String> names = new LinkedHashMap<>();
        providers.all().forEach(p -> names.put(p.id(), p.name()));
        return names;
    }
}
