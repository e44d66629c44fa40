package studio.atelier.signin.web;

import java.util.Set;

import jakarta.servlet.http.HttpSession;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import studio.atelier.account.SignInProviders;
import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.signin.LinkRequest;

@Controller
class SsoController {

    /** The explanations the problem page has; anything else in the address reads as "failed". */
    private static final Set<String> PROBLEMS = Set.of("state", "denied", "unavailable", "token", "claims", "disabled",
            "email-taken", "identity-taken", "failed");

    private final SignInProviders providers;

    SsoController(SignInProviders providers) {
        this.providers = providers;
    }

    @GetMapping("/login/sso")
    String problem(@RequestParam(defaultValue = "failed") String problem, Model model) {
        model.addAttribute("problem", PROBLEMS.contains(problem) ? problem : "failed");
        return "signin/problem";
    }

    /** "Link <provider>": the provider's sign-in that follows attaches its identity to this account. */
    @PostMapping("/account/sso/{id}/link")
    String link(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable String id, HttpSession session) {
        if (providers.all().stream().noneMatch(p -> p.id().equals(id))) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        LinkRequest.start(session, me.id());
        return "redirect:/oauth2/authorization/" + id;
    }
}
