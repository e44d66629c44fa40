package studio.atelier.config;

import java.io.IOException;
import java.util.Optional;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxResponseHeader;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import studio.atelier.account.AccountApi;
import studio.atelier.account.AccountSummary;
import studio.atelier.account.SignedInSessions;
import studio.atelier.account.TwoFactor;
import studio.atelier.shared.AtelierPrincipal;

/**
 * Re-reads the signed-in account on every request (one primary-key lookup), so that an administrator's change takes
 * effect at once on every node: a disabled account's sessions end, so do those signed in before a password change,
 * a reset or a demotion ({@link SignedInSessions}), a promotion adds admin rights, a reset password must be changed
 * before anything else, and so must two-factor be set up by an administrator when the instance requires it.
 */
class AccountStateFilter extends OncePerRequestFilter {

    private final AccountApi accounts;
    private final TwoFactor twoFactor;

    AccountStateFilter(AccountApi accounts, TwoFactor twoFactor) {
        this.accounts = accounts;
        this.twoFactor = twoFactor;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof AtelierPrincipal me) {
            Optional<AccountSummary> current = accounts.find(me.id());
            if (current.isEmpty() || !current.get().enabled()) {
                signOut(request, response, "/login?disabled");
                return;
            }
            if (SignedInSessions.ended(request.getSession(false), current.get())) {
                signOut(request, response, "/login?ended");
                return;
            }
            if (current.get().role() != me.role()) {
                AtelierPrincipal updated = new AtelierPrincipal(me.id(), me.getUsername(), null, current.get().role(), true);
                var refreshed = new UsernamePasswordAuthenticationToken(updated, null, updated.getAuthorities());
                refreshed.setDetails(auth.getDetails()); // an identity provider's sign-in keeps what sign-out needs there
                SecurityContextHolder.getContext().setAuthentication(refreshed);
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, SecurityContextHolder.getContext());
                }
            }
            if (current.get().mustChangePassword() && !allowedWhileChangingPassword(request.getRequestURI())) {
                response.sendRedirect("/account?mustChange");
                return;
            }
            if (!allowedWhileSettingUpTwoFactor(request.getRequestURI()) && twoFactor.mustSetUp(current.get())) {
                response.sendRedirect("/account/two-factor?required");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static void signOut(HttpServletRequest request, HttpServletResponse response, String to) throws IOException {
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        if (HtmxRequest.fromRequest(request).isHtmxRequest()) {
            response.setHeader(HtmxResponseHeader.HX_REDIRECT.getValue(), to);
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        } else {
            response.sendRedirect(to);
        }
    }

    private static boolean allowedWhileChangingPassword(String path) {
        return path.startsWith("/account") || allowedAnyway(path);
    }

    private static boolean allowedWhileSettingUpTwoFactor(String path) {
        return path.startsWith("/account/two-factor") || allowedAnyway(path);
    }

    private static boolean allowedAnyway(String path) {
        return path.startsWith("/logout") || path.startsWith("/assets/") || path.startsWith("/webjars/") || path.startsWith("/error")
                || path.equals("/favicon.ico");
    }
}
