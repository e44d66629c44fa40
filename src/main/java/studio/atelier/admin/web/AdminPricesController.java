package studio.atelier.admin.web;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import studio.atelier.admin.AdminUsageActions;
import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.gateway.Provider;
import studio.atelier.gateway.ProviderCatalog;
import studio.atelier.usage.NewPrice;
import studio.atelier.usage.Price;

/** Sets a new price version for a provider's model (or '*' for all its models); the history stays. */
@Controller
class AdminPricesController {

    static final BigDecimal MAX = new BigDecimal("1000000");

    private final ProviderCatalog providers;
    private final AdminUsageActions actions;

    AdminPricesController(ProviderCatalog providers, AdminUsageActions actions) {
        this.providers = providers;
        this.actions = actions;
    }

    /** The price form as typed, so a refused form comes back with what was entered. */
    record PriceForm(String providerId, String model, String perCall, String perImage, String per1kTokens, String failedCallCost,
            String currency) implements java.io.Serializable { // a flash attribute: kept in the session, in the database
    }

    @PostMapping("/admin/providers/{id}/prices")
    String setPrice(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String id, @RequestParam(required = false) String model,
            @RequestParam(required = false) String perCall, @RequestParam(required = false) String perImage,
            @RequestParam(required = false) String per1kTokens, @RequestParam(required = false) String failedCallCost,
            @RequestParam(required = false) String currency, HttpServletRequest request, RedirectAttributes redirect) {
        Provider provider = providers.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        PriceForm form = new PriceForm(id, model, perCall, perImage, per1kTokens, failedCallCost, currency);
        Map<String, String> errors = new LinkedHashMap<>();
        String m = model == null ? "" : model.trim();
        if (!Price.ANY_MODEL.equals(m) && !provider.models().contains(m)) {
            errors.put("model", "admin.prices.error.model");
        }
        BigDecimal call = amount(perCall, "perCall", errors);
        BigDecimal image = amount(perImage, "perImage", errors);
        BigDecimal tokens = amount(per1kTokens, "per1kTokens", errors);
        BigDecimal failed = amount(failedCallCost, "failedCallCost", errors);
        String cur = currency == null ? "" : currency.trim().toUpperCase(Locale.ROOT);
        if (!cur.matches("[A-Z]{3}")) {
            errors.put("currency", "admin.prices.error.currency");
        }
        if (!errors.isEmpty()) {
            redirect.addFlashAttribute("priceForm", form);
            redirect.addFlashAttribute("priceErrors", errors);
            redirect.addFlashAttribute("flashError", "admin.prices.error.form");
            return "redirect:/admin/providers#prices-" + id;
        }
        actions.setPrice(AdminActors.of(me, request), new NewPrice(id, m, call, image, tokens, failed, cur, null));
        redirect.addFlashAttribute("flashSuccess", "admin.prices.saved");
        return "redirect:/admin/providers#prices-" + id;
    }

    /** Empty is zero; otherwise a non-negative decimal below one million with at most six decimals. */
    private static BigDecimal amount(String text, String field, Map<String, String> errors) {
        if (text == null || text.isBlank()) {
            return BigDecimal.ZERO;
        }
        try {
            BigDecimal v = new BigDecimal(text.trim());
            if (v.signum() < 0 || v.compareTo(MAX) >= 0 || v.stripTrailingZeros().scale() > 6) {
                errors.put(field, "admin.prices.error.amount");
                return null;
            }
            return v;
        } catch (NumberFormatException e) {
            errors.put(field, "admin.prices.error.amount");
            return null;
        }
    }
}
