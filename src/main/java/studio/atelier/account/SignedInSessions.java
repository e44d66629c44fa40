package studio.atelier.account;

import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import studio.atelier.shared.ClientAddress;

/**
 * When a session was signed in, kept in the session itself, against the account's "sessions valid from": a password
 * change, a reset, disabling or demotion moves that instant forward in the database, and every session signed in
 * before it ends at its next request, on whichever node it lands. The session also keeps what the person sees of it
 * on the Account page: the browser's User-Agent and the address it signed in from (see {@link AccountSessions}).
 */
public final class SignedInSessions {

    static final String SIGNED_IN_AT = "atelier.signedInAt";
    static final String USER_AGENT = "atelier.userAgent";
    static final String ADDRESS = "atelier.address";

    private SignedInSessions() {
    }

    static void stamp(HttpServletRequest request, Instant signedInAt) {
        HttpSession session = request.getSession();
        session.setAttribute(SIGNED_IN_AT, signedInAt);
        String agent = request.getHeader("User-Agent");
        session.setAttribute(USER_AGENT, agent == null ? "" : agent.length() > 300 ? agent.substring(0, 300) : agent);
        session.setAttribute(ADDRESS, ClientAddress.of(request));
    }

    /** The session this request belongs to goes on, under a new id, while every other one of the account ends. */
    static void keepOnlyThisOne(HttpServletRequest request, Instant endedBefore) {
        request.getSession();
        request.changeSessionId();
        stamp(request, endedBefore);
    }

    /** True when the account ended its sessions after this one was signed in. */
    public static boolean ended(HttpSession session, AccountSummary account) {
        return ended(session == null ? null : session.getAttribute(SIGNED_IN_AT), account);
    }

    static boolean ended(Object signedInAt, AccountSummary account) {
        if (account.sessionsValidFrom() == null) {
            return false;
        }
        return !(signedInAt instanceof Instant at) || at.isBefore(account.sessionsValidFrom());
    }
}
