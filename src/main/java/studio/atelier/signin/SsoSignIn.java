package studio.atelier.signin;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

import studio.atelier.account.AccountApi;
import studio.atelier.account.AccountSummary;
import studio.atelier.account.ExternalIdentities;
import studio.atelier.account.ExternalIdentities.IdentityTaken;
import studio.atelier.account.RegisteredSignIn;
import studio.atelier.audit.Actor;
import studio.atelier.audit.AuditAction;
import studio.atelier.audit.AuditLog;
import studio.atelier.shared.ClientAddress;

/**
 * Where a provider's sign-in leads once Spring Security has checked it (state, nonce, ID token): to the account with
 * this issuer and subject, or one provisioned (or, when allowed, linked by a verified e-mail address) for it, signed in
 * the way the password form signs in, with the same principal. "Link" from Account attaches the identity to the
 * account that asked instead. Refusals end on the sign-in problem page, signed out.
 */
@Component
class SsoSignIn implements AuthenticationSuccessHandler {

    static final String LINKED = "/account?linked";

    private final ExternalIdentities identities;
    private final AccountApi accounts;
    private final SsoGroups groups;
    private final SsoSettings settings;
    private final RegisteredSignIn signIn;
    private final SsoProblems problems;
    private final AuditLog audit;
    private final RedirectStrategy redirects = new DefaultRedirectStrategy();

    SsoSignIn(ExternalIdentities identities, AccountApi accounts, SsoGroups groups, SsoSettings settings, RegisteredSignIn signIn,
            SsoProblems problems, AuditLog audit) {
        this.identities = identities;
        this.accounts = accounts;
        this.groups = groups;
        this.settings = settings;
        this.signIn = signIn;
        this.problems = problems;
        this.audit = audit;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        OAuth2AuthenticationToken token = (OAuth2AuthenticationToken) authentication;
        String registrationId = token.getAuthorizedClientRegistrationId();
        Optional<Long> linkTo = LinkRequest.take(request.getSession(false));
        Actor provider = new Actor(null, "sso:" + registrationId, ClientAddress.of(request));
        try {
            ClaimedIdentity claimed = ClaimedIdentity.of(registrationId, (OidcUser) token.getPrincipal());
            ProviderRules rules = settings.of(registrationId);
            AccountSummary account = linkTo.isPresent() ? linked(linkTo.get(), claimed, request) : accountFor(provider, claimed, rules);
            if (!account.enabled()) {
                audit.record(provider, AuditAction.LOGIN_REFUSED_DISABLED, "user", account.id(), null, null, null);
                throw new SsoRefused("disabled");
            }
            identities.updateEmail(account.id(), claimed.email());
            groups.apply(provider, account, claimed, rules);
            ProviderSession session = new ProviderSession(registrationId, claimed.user().getIdToken());
            String next = signIn.signIn(account, session, request, response);
            redirects.sendRedirect(request, response, linkTo.isPresent() ? LINKED : next);
        } catch (SsoRefused refused) {
            if (linkTo.isPresent()) {
                // the person asked from their own signed-in session: they stay signed in, and are told why on Account
                accounts.find(linkTo.get()).filter(AccountSummary::enabled).ifPresent(a -> signIn.signIn(a, request, response));
            }
            problems.show(refused.problem(), request, response);
        }
    }

    private AccountSummary linked(long userId, ClaimedIdentity claimed, HttpServletRequest request) {
        AccountSummary account = accounts.find(userId).orElseThrow(() -> new SsoRefused("failed"));
        try {
            identities.link(new Actor(userId, account.username(), ClientAddress.of(request)), userId, claimed.identity());
        } catch (IdentityTaken taken) {
            throw new SsoRefused("identity-taken");
        }
        return account;
    }

    private AccountSummary accountFor(Actor provider, ClaimedIdentity claimed, ProviderRules rules) {
        Optional<AccountSummary> known = identities.findByIdentity(claimed.identity().issuer(), claimed.identity().subject());
        if (known.isPresent()) {
            return known.get();
        }
        Optional<AccountSummary> sameEmail = identities.findByEmail(claimed.email());
        if (sameEmail.isEmpty()) {
            return identities.provision(provider, claimed.wantedUsername(), claimed.email(), claimed.identity());
        }
        if (!rules.linkByVerifiedEmail() || !claimed.emailVerified()) {
            throw new SsoRefused("email-taken");
        }
        if (!sameEmail.get().enabled()) {
            return sameEmail.get();
        }
        identities.link(provider, sameEmail.get().id(), claimed.identity());
        return sameEmail.get();
    }
}
