package studio.atelier.signin;

import java.util.Optional;

import jakarta.servlet.http.HttpSession;

/** "Link <provider>" on Account: the provider's sign-in that follows attaches its identity to this account. */
public final class LinkRequest {

    private static final String ATTRIBUTE = "atelier.sso.linkTo";

    private LinkRequest() {
    }

    public static void start(HttpSession session, long userId) {
        session.setAttribute(ATTRIBUTE, userId);
    }

    /** The account to link to, once: the request ends with the sign-in it started, whatever its outcome. */
    static Optional<Long> take(HttpSession session) {
        if (session == null) {
            return Optional.empty();
        }
        Object userId = session.getAttribute(ATTRIBUTE);
        session.removeAttribute(ATTRIBUTE);
        return userId instanceof Long id ? Optional.of(id) : Optional.empty();
    }
}
