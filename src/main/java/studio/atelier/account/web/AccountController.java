package studio.atelier.account.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

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
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import studio.atelier.account.AccountApi;
import studio.atelier.account.AccountForms;
import studio.atelier.account.AccountSessions;
import studio.atelier.account.ExternalIdentities;
import studio.atelier.account.SignInProviders;
import studio.atelier.account.TwoFactor;
import studio.atelier.account.PasswordChangeForm;
import studio.atelier.shared.AtelierPrincipal;

@Controller
class AccountController {

    private final AccountApi accounts;
    private final AccountForms forms;
    private final AccountSessions sessions;
    private final SignInProviders providers;
    private final ExternalIdentities identities;
    private final TwoFactor twoFactor;

    AccountController(AccountApi accounts, AccountForms forms, AccountSessions sessions, SignInProviders providers,
            ExternalIdentities identities, TwoFactor twoFactor) {
        this.twoFactor = twoFactor;
        this.providers = providers;
        this.identities = identities;
        this.accounts = accounts;
        this.forms = forms;
        this.sessions = sessions;
    }

    @GetMapping("/account")
    String account(@AuthenticationPrincipal AtelierPrincipal me, Model model, HttpServletRequest request) {
        model.addAttribute("form", PasswordChangeForm.empty());
        return page(me, model, request);
    }

    @PostMapping("/account/password")
    String changePassword(@AuthenticationPrincipal AtelierPrincipal me, @Validated @ModelAttribute("form") PasswordChangeForm form,
            BindingResult errors, Model model, RedirectAttributes redirect, HttpServletRequest request) {
        forms.changePassword(me.id(), form, errors, request);
        if (errors.hasErrors()) {
            return page(me, model, request);
        }
        redirect.addFlashAttribute("flashSuccess", "account.password.changed");
        return "redirect:/account";
    }

    @PostMapping("/account/sessions/end-others")
    String endOtherSessions(@AuthenticationPrincipal AtelierPrincipal me, HttpServletRequest request, RedirectAttributes redirect) {
        forms.endOtherSessions(me.id(), request);
        redirect.addFlashAttribute("flashSuccess", "account.sessions.ended");
        return "redirect:/account";
    }

    /** Signs out one other session of the person's own; any other handle (someone else's session) is a plain 404. */
    @PostMapping("/account/sessions/{handle}/end")
    String endSession(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String handle, HttpSession session,
            RedirectAttributes redirect) {
        if (!sessions.end(me, handle, session)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        redirect.addFlashAttribute("flashSuccess", "account.sessions.endedOne");
        return "redirect:/account";
    }

    private String page(AtelierPrincipal me, Model model, HttpServletRequest request) {
        model.addAttribute("account", accounts.find(me.id()).orElseThrow());
        model.addAttribute("sessions", sessions.of(me, request.getSession(false)));
        model.addAttribute("providers", providers.all());
        model.addAttribute("twoFactorOn", twoFactor.isOn(me.id()));
        model.addAttribute("linkedProviders", identities.of(me.id()).stream().map(ExternalIdentities.LinkedIdentity::registrationId)
                .collect(java.util.stream.Collectors.toSet()));
        return "account/account";
    }
}
