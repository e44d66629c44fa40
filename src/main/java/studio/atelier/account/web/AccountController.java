package studio.atelier.account.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import studio.atelier.account.AccountApi;
import studio.atelier.account.AccountForms;
import studio.atelier.account.PasswordChangeForm;
import studio.atelier.shared.AtelierPrincipal;

@Controller
class AccountController {

    private final AccountApi accounts;
    private final AccountForms forms;

    AccountController(AccountApi accounts, AccountForms forms) {
        this.accounts = accounts;
        this.forms = forms;
    }

    @GetMapping("/account")
    String account(@AuthenticationPrincipal AtelierPrincipal me, Model model) {
        model.addAttribute("form", PasswordChangeForm.empty());
        return page(me, model);
    }

    @PostMapping("/account/password")
    String changePassword(@AuthenticationPrincipal AtelierPrincipal me, @Validated @ModelAttribute("form") PasswordChangeForm form,
            BindingResult errors, Model model, RedirectAttributes redirect, HttpServletRequest request) {
        forms.changePassword(me.id(), form, errors, request);
        if (errors.hasErrors()) {
            return page(me, model);
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

    private String page(AtelierPrincipal me, Model model) {
        model.addAttribute("account", accounts.find(me.id()).orElseThrow());
        return "account/account";
    }
}
