package studio.atelier.signin;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * A provider's sign-in that went wrong, whatever the reason (the provider down, a tampered or stale state, consent
 * refused, claims missing, the account refused), ends on one page that says what happened in the person's language;
 * a refusal after the provider's checks leaves nobody signed in with the provider's identity.
 */
@Component
class SsoProblems implements AuthenticationFailureHandler {

    static final String PAGE = "/login/sso";

    private static final Logger log = LoggerFactory.getLogger(SsoProblems.class);

    /** OAuth 2.0 and Spring Security error codes, by the explanation the page gives; any other code: "failed". */
    private static final Map<String, String> PROBLEMS = Map.ofEntries(
            Map.entry("authorization_request_not_found", "state"), Map.entry("invalid_state_parameter", "state"),
            Map.entry("access_denied", "denied"), Map.entry("consent_required", "denied"),
            Map.entry("invalid_token_response", "unavailable"), Map.entry("invalid_user_info_response", "unavailable"),
            Map.entry("server_error", "unavailable"), Map.entry("temporarily_unavailable", "unavailable"),
            Map.entry("invalid_id_token", "token"), Map.entry("invalid_nonce", "token"), Map.entry("missing_user_name_attribute", "claims"));

    private final SecurityContextRepository contexts;
    private final RedirectStrategy redirects = new DefaultRedirectStrategy();

    SsoProblems(SecurityContextRepository contexts) {
        this.contexts = contexts;
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        String code = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode() : "";
        log.info("sign-in through an identity provider failed: {} {}", exception.getClass().getSimpleName(), code);
        LinkRequest.take(request.getSession(false));
        redirects.sendRedirect(request, response, PAGE + "?problem=" + PROBLEMS.getOrDefault(code, "failed"));
    }

    /** Shows the problem page; unless the refusal came while linking, nobody stays signed in. */
    void show(String problem, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof org.springframework.security.authentication
                .UsernamePasswordAuthenticationToken)) {
            SecurityContextHolder.clearContext();
            contexts.saveContext(SecurityContextHolder.createEmptyContext(), request, response);
        }
        redirects.sendRedirect(request, response, PAGE + "?problem=" + problem);
    }
}
