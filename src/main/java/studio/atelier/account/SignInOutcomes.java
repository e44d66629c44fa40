package studio.atelier.account;

import java.io.IOException;
import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

import studio.atelier.audit.Actor;
import studio.atelier.audit.AuditAction;
import studio.atelier.audit.AuditLog;
import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.shared.ClientAddress;

/**
 * Where the login form leads: to the code step when the account has two-factor, back to what the person wanted, or to
 * the change-password form if required.
 */
@Component
public class SignInOutcomes extends SavedRequestAwareAuthenticationSuccessHandler implements AuthenticationFailureHandler {

    private final LoginThrottle throttle;
    private final AccountService accounts;
    private final UserAccountRepository repository;
    private final AuditLog audit;
    private final TwoFactorStore twoFactor;
    private final SecurityContextRepository contexts;
    private final Clock clock;

    SignInOutcomes(LoginThrottle throttle, AccountService accounts, UserAccountRepository repository, AuditLog audit,
            TwoFactorStore twoFactor, SecurityContextRepository contexts, Clock clock) {
        this.twoFactor = twoFactor;
        this.contexts = contexts;
        this.clock = clock;
        this.throttle = throttle;
        this.accounts = accounts;
        this.repository = repository;
        this.audit = audit;
        setDefaultTargetUrl("/");
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException, jakarta.servlet.ServletException {
        AtelierPrincipal me = (AtelierPrincipal) authentication.getPrincipal();
        if (twoFactor.isOn(me.id())) {
            TwoFactorSignIn.awaitCode(me, clock.instant(), contexts, request, response);
            getRedirectStrategy().sendRedirect(request, response, "/login/code");
            return;
        }
        recordSignIn(me, request);
        boolean mustChange = repository.findById(me.id()).map(a -> a.toSummary().mustChangePassword()).orElse(false);
        if (mustChange) {
            getRedirectStrategy().sendRedirect(request, response, "/account?mustChange");
            return;
        }
        super.onAuthenticationSuccess(request, response, authentication);
    }

    /** What every sign-in leaves behind, by the form or right after registering: the throttle cleared, the time, the audit entry. */
    void recordSignIn(AtelierPrincipal me, HttpServletRequest request) {
        throttle.recordSuccess(me.getUsername());
        SignedInSessions.stamp(request, accounts.recordLogin(me.id()));
        audit.record(new Actor(me.id(), me.getUsername(), ClientAddress.of(request)), AuditAction.LOGIN_SUCCEEDED, "user", me.id(),
                null, null, null);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        String username = request.getParameter("username");
        boolean locked = exception instanceof SignInRefused;
        String query = locked ? "?locked" : "?error";
        String attempted = username == null ? "" : username.length() > 60 ? username.substring(0, 60) : username;
        AuditAction action = locked ? AuditAction.LOGIN_LOCKED_OUT
                : exception instanceof DisabledAccountRefused ? AuditAction.LOGIN_REFUSED_DISABLED : AuditAction.LOGIN_FAILED;
        audit.record(new Actor(null, attempted, ClientAddress.of(request)), action, "user", attempted, null, null, null);
        if (username != null && !username.isBlank() && username.length() <= 40) {
            request.getSession().setAttribute("LAST_USERNAME", username.trim());
        }
        getRedirectStrategy().sendRedirect(request, response, "/login" + query);
    }
}
