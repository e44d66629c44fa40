package studio.atelier.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;

import studio.atelier.shared.AtelierPrincipal;

/**
 * Signs a person in right after they registered, the way the sign-in form would: the session gets a new id and a new
 * CSRF token (the security configuration's session strategy, against session fixation), the security context is
 * saved through the same repository the filter chain reads, and the sign-in is recorded and audited. The person then
 * goes back to what sent them to sign in (an invitation link, saved by Spring Security before the login page), or to
 * Generate.
 */
@Component
public class RegisteredSignIn {

    static final String START_PAGE = "/generate";

    private final UserAccountRepository accounts;
    private final SessionAuthenticationStrategy sessions;
    private final SecurityContextRepository contexts;
    private final SignInOutcomes outcomes;
    private final RequestCache savedRequests = new HttpSessionRequestCache();
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    RegisteredSignIn(UserAccountRepository accounts, SessionAuthenticationStrategy sessions, SecurityContextRepository contexts,
            SignInOutcomes outcomes) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.contexts = contexts;
        this.outcomes = outcomes;
    }

    /** @return where to send the newly signed-in person */
    public String signIn(AccountSummary account, HttpServletRequest request, HttpServletResponse response) {
        return signIn(account, null, request, response);
    }

    /**
     * @param details kept with the sign-in for as long as the session lasts (an identity provider's sign-in keeps its
     *                ID token there, to end the provider's session at sign-out); must be serializable
     * @return where to send the newly signed-in person
     */
    public String signIn(AccountSummary account, Object details, HttpServletRequest request, HttpServletResponse response) {
        AtelierPrincipal me = accounts.findById(account.id()).orElseThrow().toPrincipal();
        me.eraseCredentials();
        UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.authenticated(me, null, me.getAuthorities());
        authentication.setDetails(details);
        sessions.onAuthentication(authentication, request, response);
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(authentication);
        holder.setContext(context);
        contexts.saveContext(context, request, response);
        outcomes.recordSignIn(me, request);
        SavedRequest saved = savedRequests.getRequest(request, response);
        return saved != null ? saved.getRedirectUrl() : START_PAGE;
    }
}
