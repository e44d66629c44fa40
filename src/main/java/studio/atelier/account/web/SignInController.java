package studio.atelier.account.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import studio.atelier.account.AccountForms;
import studio.atelier.account.AccountSummary;
import studio.atelier.account.PasswordSignIn;
import studio.atelier.account.RegisteredSignIn;
import studio.atelier.account.RegistrationForm;
import studio.atelier.account.SignInProviders;
import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.shared.Role;

@Controller
class SignInController {

    private final AccountForms forms;
    private final RegisteredSignIn signIn;
    private final SignInProviders providers;
    private final PasswordSignIn passwords;

    SignInController(AccountForms forms, RegisteredSignIn signIn, SignInProviders providers, PasswordSignIn passwords) {
        this.forms = forms;
        this.signIn = signIn;
        this.providers = providers;
        this.passwords = passwords;
    }

    /** With password sign-in off, the form is still there for the break-glass accounts at {@code /login?password}. */
    @GetMapping("/login")
    String login(@AuthenticationPrincipal AtelierPrincipal me, HttpSession session, Model model, HttpServletRequest request) {
        if (me != null) {
            return "redirect:/";
        }
        model.addAttribute("providers", providers.all());
        model.addAttribute("passwordForm", passwords.offeredToEveryone()
                || (passwords.offeredToAnyone() && request.getParameter("password") != null));
        model.addAttribute("lastUsername", session.getAttribute("LAST_USERNAME"));
        model.addAttribute("registrationOpen", forms.registrationOpen());
        return "account/login";
    }

    @GetMapping("/register")
    String registerForm(@AuthenticationPrincipal AtelierPrincipal me, Model model) {
        if (me != null) {
            return "redirect:/";
        }
        model.addAttribute("form", RegistrationForm.empty());
        model.addAttribute("registrationOpen", forms.registrationOpen());
        return "account/register";
    }

    /** A new account is signed in at once: to Generate, or back to the invitation link that sent them here. */
    @PostMapping("/register")
    String register(@Validated @ModelAttribute("form") RegistrationForm form, BindingResult errors, Model model,
            HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
        if (!forms.registrationOpen()) {
            model.addAttribute("registrationOpen", false);
            return "account/register";
        }
        Optional<AccountSummary> account = forms.register(form, errors);
        if (account.isEmpty()) {
            model.addAttribute("registrationOpen", true);
            return "account/register";
        }
        String next = signIn.signIn(account.get(), request, response);
        redirect.addFlashAttribute("flashSuccess", account.get().role() == Role.ADMIN ? "account.registered.admin" : "account.registered");
        return "redirect:" + next;
    }
}
