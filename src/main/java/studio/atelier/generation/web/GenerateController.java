package studio.atelier.generation.web;

import java.util.List;
import java.util.Optional;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRedirectView;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxResponse;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxReswap;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
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
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

import studio.atelier.keys.ApiKeyService;
import studio.atelier.generation.GenerationForm;
import studio.atelier.generation.GenerationRefused;
import studio.atelier.generation.GenerationSearch;
import studio.atelier.generation.GenerationService;
import studio.atelier.generation.GenerationSubmission;
import studio.atelier.generation.GenerationView;
import studio.atelier.generation.SharedAccess;
import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.gateway.Provider;
import studio.atelier.gateway.ProviderCatalog;

@Controller
class GenerateController {

    static final int RECENT = 8;

    private final GenerationSubmission submissions;
    private final GenerationService generations;
    private final GenerationSearch search;
    private final ProviderCatalog providers;
    private final ApiKeyService keys;
    private final ObjectProvider<SharedAccess> shared;
    private final org.springframework.context.MessageSource messages;

    GenerateController(GenerationSubmission submissions, GenerationService generations, GenerationSearch search,
            ProviderCatalog providers, ApiKeyService keys, ObjectProvider<SharedAccess> shared,
            org.springframework.context.MessageSource messages) {
        this.shared = shared;
        this.messages = messages;
        this.submissions = submissions;
        this.generations = generations;
        this.search = search;
        this.providers = providers;
        this.keys = keys;
    }

    @GetMapping("/generate")
    String form(@AuthenticationPrincipal AtelierPrincipal me, @RequestParam(required = false) Long from, Model model) {
        GenerationForm form = Optional.ofNullable(from).flatMap(id -> generations.reuse(me.id(), id)).orElseGet(() -> {
            Provider first = preferredProvider(me.id());
            return GenerationForm.blank(first == null ? null : first.id(), first == null ? null : first.defaultModel());
        });
        model.addAttribute("form", form);
        return page(me, model, form);
    }

    /** The model and key menus for the chosen provider (swapped in when the provider changes). */
    @GetMapping("/generate/options")
    String options(@AuthenticationPrincipal AtelierPrincipal me, @RequestParam String providerId, Model model) {
        Provider provider = providers.findEnabled(providerId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        GenerationForm form = GenerationForm.blank(provider.id(), provider.defaultModel());
        model.addAttribute("form", form);
        addOptions(me, model, form);
        return "generation/partials/options :: options";
    }

    @PostMapping("/generations")
    String submit(@AuthenticationPrincipal AtelierPrincipal me, @Validated @ModelAttribute("form") GenerationForm form,
            BindingResult errors, HtmxRequest htmx, HtmxResponse hx, Model model,
            @RequestParam(name = "teamId", required = false) String teamId) {
        Long asTeam = teamId == null || !teamId.trim().matches("\\d{1,18}") ? null : Long.valueOf(teamId.trim());
        model.addAttribute("selectedTeamId", asTeam);
        Optional<Long> id = submissions.submit(me.id(), form, errors, asTeam);
        if (id.isEmpty()) {
            if (htmx.isHtmxRequest()) {
                hx.setRetarget("#generate-form");
                hx.setReswap(HtmxReswap.outerHtml());
                addOptions(me, model, form);
                return "generation/generate :: refused-form";
            }
            return page(me, model, form);
        }
        if (!htmx.isHtmxRequest()) {
            return "redirect:/generations/" + id.get();
        }
        model.addAttribute("g", generations.find(me.id(), id.get()).orElseThrow());
        return "generation/partials/card :: submitted";
    }

    @GetMapping("/generations/{id}")
    String detail(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable long id, Model model) {
        GenerationView g = visible(me, id);
        model.addAttribute("g", g);
        model.addAttribute("mine", g.ownerId() == me.id());
        SharedAccess teams = shared.getIfAvailable();
        model.addAttribute("shareTargets", teams == null || g.ownerId() != me.id() ? List.of() : teams.shareTargets(me.id(), id));
        model.addAttribute("providerNames", providerNames());
        return "generation/detail";
    }

    /** The live card: polled while the generation is unfinished, announces the moment it finishes. */
    @GetMapping("/generations/{id}/card")
    String card(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable long id,
            @RequestParam(required = false) String was, Model model, HtmxResponse hx) {
        GenerationView g = visible(me, id);
        if (g.finished() && was != null && !was.equals(g.status().name())) {
            hx.addTrigger("generation-finished");
        }
        model.addAttribute("g", g);
        return "generation/partials/card :: card";
    }

    @PostMapping("/generations/{id}/cancel")
    String cancel(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable long id,
            HtmxRequest htmx, Model model) {
        if (!generations.cancel(me.id(), id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        if (!htmx.isHtmxRequest()) {
            return "redirect:/generations/" + id;
        }
        model.addAttribute("g", own(me, id));
        return "generation/partials/card :: card";
    }

    @PostMapping("/generations/{id}/retry")
    String retry(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable long id,
            HtmxRequest htmx, Model model, RedirectAttributes redirect,
            HttpServletResponse response, java.util.Locale locale) {
        Optional<Long> again;
        try {
            again = submissions.retry(me.id(), id);
        } catch (GenerationRefused refused) {
            if (htmx.isHtmxRequest()) {
                // Retry from a card: nothing is swapped in, the page shows the reason (app.js reads this header).
                response.setStatus(HttpStatus.CONFLICT.value());
                response.setHeader("X-Atelier-Message", java.net.URLEncoder.encode(
                        messages.getMessage(refused.messageCode(), null, refused.messageCode(), locale),
                        java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
                return null;
            }
            redirect.addFlashAttribute("flashError", refused.messageCode());
            return "redirect:/generations/" + id;
        }
        long newId = again.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        if (!htmx.isHtmxRequest()) {
            return "redirect:/generations/" + newId;
        }
        model.addAttribute("g", own(me, newId));
        return "generation/partials/card :: submitted";
    }

    @PostMapping("/generations/{id}/favourite")
    String favourite(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable long id,
            HtmxRequest htmx, Model model) {
        boolean now = generations.toggleFavourite(me.id(), id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        if (!htmx.isHtmxRequest()) {
            return "redirect:/generations/" + id;
        }
        model.addAttribute("g", own(me, id));
        model.addAttribute("favourite", now);
        return "generation/partials/card :: favourite";
    }

    @PostMapping("/generations/{id}/delete")
    View delete(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable long id,
            HtmxRequest htmx, RedirectAttributes redirect) {
        try {
            if (!generations.delete(me.id(), id)) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND);
            }
        } catch (GenerationRefused refused) {
            redirect.addFlashAttribute("flashError", refused.messageCode());
            return new RedirectView("/generations/" + id, true);
        }
        redirect.addFlashAttribute("flashSuccess", "generation.deleted");
        // htmx acts on HX-Redirect only in a 2xx answer: a 302 would be followed inside the request instead
        return htmx.isHtmxRequest() ? new HtmxRedirectView("/gallery", true) : new RedirectView("/gallery", true);
    }

    private GenerationView own(AtelierPrincipal me, long id) {
        return generations.find(me.id(), id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    /** One's own generation, or one shared with one of one's teams (read-only). */
    private GenerationView visible(AtelierPrincipal me, long id) {
        return generations.findVisible(me.id(), id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private String page(AtelierPrincipal me, Model model, GenerationForm form) {
        addOptions(me, model, form);
        model.addAttribute("recent", search.owned(me.id(), GenerationSearch.Criteria.any(), null, RECENT).items());
        return "generation/generate";
    }

    private void addOptions(AtelierPrincipal me, Model model, GenerationForm form) {
        List<Provider> enabled = providers.enabled();
        Provider selected = enabled.stream().filter(p -> p.id().equals(form.providerId())).findFirst()
                .orElse(enabled.isEmpty() ? null : enabled.get(0));
        model.addAttribute("providers", enabled);
        model.addAttribute("selectedProvider", selected);
        model.addAttribute("providerKeys", selected == null ? List.of() : keys.listFor(me.id(), selected.id()));
        SharedAccess teams = shared.getIfAvailable();
        Long chosen = (Long) model.getAttribute("selectedTeamId");
        model.addAttribute("teamChoices", teams == null || selected == null ? List.of()
                : teams.teamsToGenerateAs(me.id(), selected.id()).stream()
                        .map(t -> new SharedAccess.TeamChoice(t.id(), t.name(), chosen != null && chosen == t.id())).toList());
    }

    /** The provider the person has a key for (their own or a team's), so the form starts ready to use. */
    private Provider preferredProvider(long ownerId) {
        List<Provider> enabled = providers.enabled();
        SharedAccess teams = shared.getIfAvailable();
        return enabled.stream().filter(p -> !keys.listFor(ownerId, p.id()).isEmpty()
                || (teams != null && !teams.teamsToGenerateAs(ownerId, p.id()).isEmpty())).findFirst()
                .orElse(enabled.isEmpty() ? null : enabled.get(0));
    }

    private java.util.Map<String, String> providerNames() {
        java.util.Map<String, String> names = new java.util.LinkedHashMap<>();
        providers.all().forEach(p -> names.put(p.id(), p.name()));
        return names;
    }
}
