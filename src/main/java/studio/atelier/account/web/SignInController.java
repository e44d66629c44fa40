package studio.atelier.account.web;

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
import studio.atelier.account.RegistrationForm;
import studio.atelier.shared.AtelierPrincipal;

@Controller
class SignInController {

    private final AccountForms forms;

    SignInController(AccountForms forms) {
        this.forms = forms;
    }

    @GetMapping("/login")
    String login(@AuthenticationPrincipal AtelierPrincipal me, HttpSession session, Model model) {
        if (me != null) {
            return "redirect:/";
        }
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

    @PostMapping("/register")
    String register(@Validated @ModelAttribute("form") RegistrationForm form, BindingResult errors, Model model,
            RedirectAttributes redirect) {
        if (!forms.registrationOpen()) {
            model.addAttribute("registrationOpen", false);
            return "account/register";
        }
        forms.register(form, errors);
        if (errors.hasErrors()) {
            model.addAttribute("registrationOpen", true);
            return "account/register";
        }
        redirect.addFlashAttribute("flashSuccess", "account.registered");
        return "redirect:/login";
    }
}
