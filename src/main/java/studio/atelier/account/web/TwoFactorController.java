package studio.atelier.account.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import studio.atelier.account.AccountProblem;
import studio.atelier.account.TwoFactor;
import studio.atelier.account.TwoFactorForm;
import studio.atelier.account.TwoFactorSignIn;
import studio.atelier.audit.Actor;
import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.shared.ClientAddress;

/**
 * Two-factor sign-in: set up and removed from Account, and the code step of signing in. The secret being set up waits
 * in the session, sealed; it is shown on the set-up page only, and never again once two-factor is on.
 */
@Controller
class TwoFactorController {

    private static final String SETTING_UP = TwoFactorController.class.getName() + ".SETTING_UP";

    private final TwoFactor twoFactor;
    private final TwoFactorSignIn signIn;

    TwoFactorController(TwoFactor twoFactor, TwoFactorSignIn signIn) {
        this.twoFactor = twoFactor;
        this.signIn = signIn;
    }

    @GetMapping("/account/two-factor")
    String page(@AuthenticationPrincipal AtelierPrincipal me, Model model, HttpSession session) {
        model.addAttribute("form", TwoFactorForm.empty());
        if (!twoFactor.isOn(me.id())) {
            TwoFactor.SetUp setUp = twoFactor.beginSetUp(me.getUsername());
            session.setAttribute(SETTING_UP, setUp.sealedSecret());
            model.addAttribute("setUp", setUp);
        }
        return show(me, model);
    }

    @PostMapping("/account/two-factor")
    String turnOn(@AuthenticationPrincipal AtelierPrincipal me, @ModelAttribute("form") TwoFactorForm form, BindingResult errors,
            Model model, HttpSession session, HttpServletRequest request, RedirectAttributes redirect) {
        if (!(session.getAttribute(SETTING_UP) instanceof String sealed) || twoFactor.isOn(me.id())) {
            return "redirect:/account/two-factor";
        }
        try {
            List<String> recoveryCodes = twoFactor.turnOn(actor(me, request), sealed, form.password(), form.code());
            session.removeAttribute(SETTING_UP);
            redirect.addFlashAttribute("recoveryCodes", recoveryCodes);
            redirect.addFlashAttribute("flashSuccess", "account.twoFactor.enabled");
            return "redirect:/account/two-factor";
        } catch (AccountProblem problem) {
            problem.messageCodes().forEach(code -> errors.rejectValue(problem.field(), code));
            model.addAttribute("setUp", twoFactor.resumeSetUp(me.getUsername(), sealed));
            return show(me, model);
        }
    }

    @PostMapping("/account/two-factor/remove")
    String turnOff(@AuthenticationPrincipal AtelierPrincipal me, @ModelAttribute("form") TwoFactorForm form, BindingResult errors,
            Model model, HttpServletRequest request, RedirectAttributes redirect) {
        try {
            twoFactor.turnOff(actor(me, request), form.password());
        } catch (AccountProblem problem) {
            problem.messageCodes().forEach(code -> errors.rejectValue(problem.field(), code));
            return show(me, model);
        }
        redirect.addFlashAttribute("flashSuccess", "account.twoFactor.removed");
        return "redirect:/account";
    }

    @GetMapping("/login/code")
    String codeForm(@AuthenticationPrincipal AtelierPrincipal me, HttpSession session) {
        if (me != null) {
            return "redirect:/";
        }
        return signIn.awaitingCode(session) ? "account/login-code" : "redirect:/login";
    }

    @PostMapping("/login/code")
    String code(@RequestParam(defaultValue = "") String code, HttpServletRequest request, HttpServletResponse response) {
        TwoFactorSignIn.Result result = signIn.complete(code, request, response);
        return switch (result.outcome()) {
            case SIGNED_IN -> "redirect:" + result.next();
            case WRONG -> "redirect:/login/code?error";
            case LOCKED -> "redirect:/login/code?locked";
            case EXPIRED -> "redirect:/login?codeExpired";
        };
    }

    private String show(AtelierPrincipal me, Model model) {
        boolean on = twoFactor.isOn(me.id());
        model.addAttribute("on", on);
        if (on) {
            model.addAttribute("unusedRecoveryCodes", twoFactor.unusedRecoveryCodes(me.id()));
        }
        return "account/two-factor";
    }

    private static Actor actor(AtelierPrincipal me, HttpServletRequest request) {
        return new Actor(me.id(), me.getUsername(), ClientAddress.of(request));
    }
}
