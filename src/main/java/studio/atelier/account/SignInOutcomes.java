package studio.atelier.account;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

import studio.atelier.shared.AtelierPrincipal;

/** Where the login form leads: back to what the person wanted, or to the change-password form if required. */
@Component
public class SignInOutcomes extends SavedRequestAwareAuthenticationSuccessHandler implements AuthenticationFailureHandler {

    private final LoginThrottle throttle;
    private final AccountService accounts;
    private final UserAccountRepository repository;

    SignInOutcomes(LoginThrottle throttle, AccountService accounts, UserAccountRepository repository) {
        this.throttle = throttle;
        this.accounts = accounts;
        this.repository = repository;
        setDefaultTargetUrl("/");
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException, jakarta.servlet.ServletException {
        AtelierPrincipal me = (AtelierPrincipal) authentication.getPrincipal();
        throttle.recordSuccess(me.getUsername());
        accounts.recordLogin(me.id());
        boolean mustChange = repository.findById(me.id()).map(a -> a.toSummary().mustChangePassword()).orElse(false);
        if (mustChange) {
            getRedirectStrategy().sendRedirect(request, response, "/account?mustChange");
            return;
        }
        super.onAuthenticationSuccess(request, response, authentication);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        String username = request.getParameter("username");
        String query = exception instanceof SignInRefused ? "?locked" : "?error";
        if (username != null && !username.isBlank() && username.length() <= 40) {
            request.getSession().setAttribute("LAST_USERNAME", username.trim());
        }
        getRedirectStrategy().sendRedirect(request, response, "/login" + query);
    }
}
