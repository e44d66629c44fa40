package studio.atelier.account;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

import studio.atelier.audit.Actor;
import studio.atelier.audit.AuditAction;
import studio.atelier.audit.AuditLog;
import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.shared.ClientAddress;

/**
 * The code step of a password sign-in. A right password for an account with two-factor leaves the session signed out,
 * holding only "password verified, code pending" for a few minutes; the right code then signs the person in the way
 * registering does ({@link RegisteredSignIn}): a new session id, the sign-in recorded and audited, the throttle
 * cleared. Wrong codes count towards the same lock-out as wrong passwords.
 */
@Component
public class TwoFactorSignIn {

    private static final String PENDING = TwoFactorSignIn.class.getName() + ".PENDING";
    private static final Duration CODE_WAIT = Duration.ofMinutes(5);

    /** What the session holds between the password and the code; never the authentication itself. */
    record Pending(long userId, String username, Instant passwordAt) implements Serializable {
    }

    public enum Outcome { SIGNED_IN, WRONG, LOCKED, EXPIRED }

    /** @param next where to go once signed in (only with {@link Outcome#SIGNED_IN}) */
    public record Result(Outcome outcome, String next) {
    }

    private final TwoFactor twoFactor;
    private final RegisteredSignIn signIn;
    private final AccountApi accounts;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final Clock clock;

    TwoFactorSignIn(TwoFactor twoFactor, RegisteredSignIn signIn, AccountApi accounts, LoginThrottle throttle, AuditLog audit,
            Clock clock) {
        this.twoFactor = twoFactor;
        this.signIn = signIn;
        this.accounts = accounts;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
    }

    /** Undoes the sign-in the password form just made, and waits for the code instead. */
    static void awaitCode(AtelierPrincipal me, Instant now, SecurityContextRepository contexts, HttpServletRequest request,
            HttpServletResponse response) {
        SecurityContextHolder.clearContext();
        contexts.saveContext(SecurityContextHolder.createEmptyContext(), request, response);
        request.getSession().setAttribute(PENDING, new Pending(me.id(), me.getUsername(), now));
    }

    public boolean awaitingCode(HttpSession session) {
        return pending(session).isPresent();
    }

    public Result complete(String code, HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession();
        Optional<Pending> pending = pending(session);
        if (pending.isEmpty()) {
            session.removeAttribute(PENDING);
            return new Result(Outcome.EXPIRED, null);
        }
        Pending who = pending.get();
        Actor actor = new Actor(who.userId(), who.username(), ClientAddress.of(request));
        if (throttle.isThrottled(who.username(), actor.clientAddress())) {
            audit.record(actor, AuditAction.LOGIN_LOCKED_OUT, "user", who.username(), null, null, null);
            return new Result(Outcome.LOCKED, null);
        }
        if (!twoFactor.accepts(actor, code)) {
            throttle.recordFailure(who.username(), actor.clientAddress());
            audit.record(actor, AuditAction.LOGIN_FAILED, "user", who.username(), null, null, null);
            return new Result(Outcome.WRONG, null);
        }
        session.removeAttribute(PENDING);
        Optional<AccountSummary> account = accounts.find(who.userId()).filter(AccountSummary::enabled);
        if (account.isEmpty()) {
            return new Result(Outcome.EXPIRED, null);
        }
        return new Result(Outcome.SIGNED_IN, signIn.signIn(account.get(), request, response));
    }

    private Optional<Pending> pending(HttpSession session) {
        return session != null && session.getAttribute(PENDING) instanceof Pending p
                && p.passwordAt().plus(CODE_WAIT).isAfter(clock.instant()) ? Optional.of(p) : Optional.empty();
    }
}
