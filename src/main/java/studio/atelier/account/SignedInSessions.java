package studio.atelier.account;

import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * When a session was signed in, kept in the session itself, against the account's "sessions valid from": a password
 * change, a reset, disabling or demotion moves that instant forward in the database, and every session signed in
 * before it ends at its next request, on whichever node it lands.
 */
public final class SignedInSessions {

    static final String SIGNED_IN_AT = "atelier.signedInAt";

    private SignedInSessions() {
    }

    static void stamp(HttpServletRequest request, Instant signedInAt) {
        request.getSession().setAttribute(SIGNED_IN_AT, signedInAt);
    }

    /** The session this request belongs to goes on, under a new id, while every other one of the account ends. */
    static void keepOnlyThisOne(HttpServletRequest request, Instant endedBefore) {
        request.getSession();
        request.changeSessionId();
        stamp(request, endedBefore);
    }

    /** True when the account ended its sessions after this one was signed in. */
    public static boolean ended(HttpSession session, AccountSummary account) {
        if (account.sessionsValidFrom() == null) {
            return false;
        }
        Object signedInAt = session == null ? null : session.getAttribute(SIGNED_IN_AT);
        return !(signedInAt instanceof Instant at) || at.isBefore(account.sessionsValidFrom());
    }
}
