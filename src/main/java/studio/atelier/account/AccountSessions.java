package studio.atelier.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;

import studio.atelier.shared.AtelierPrincipal;

/**
 * Where a person is signed in, from the session repository's index by principal name (Spring Session JDBC: the
 * sessions of every node are rows of one table), and signing one of them out, which ends it on every node at once
 * since no node keeps sessions of its own.
 */
@Service
public class AccountSessions {

    private final FindByIndexNameSessionRepository<? extends Session> sessions;
    private final AccountApi accounts;

    AccountSessions(FindByIndexNameSessionRepository<? extends Session> sessions, AccountApi accounts) {
        this.sessions = sessions;
        this.accounts = accounts;
    }

    /** The person's live sessions, this browser's first, then the most recently seen. */
    public List<SignedInSession> of(AtelierPrincipal me, HttpSession current) {
        AccountSummary account = accounts.find(me.id()).orElseThrow();
        String currentId = current == null ? null : current.getId();
        return live(me, account).values().stream()
                .map(session -> view(session, session.getId().equals(currentId)))
                .sorted(Comparator.comparing(SignedInSession::current).reversed()
                        .thenComparing(SignedInSession::lastSeen, Comparator.reverseOrder()))
                .toList();
    }

    /**
     * Signs out one of the person's other sessions.
     *
     * @return false when the handle names none of them (another person's session, this browser's, or one already over)
     */
    public boolean end(AtelierPrincipal me, String handle, HttpSession current) {
        AccountSummary account = accounts.find(me.id()).orElseThrow();
        String currentId = current == null ? null : current.getId();
        Optional<String> id = live(me, account).keySet().stream()
                .filter(sessionId -> !sessionId.equals(currentId) && handleOf(sessionId).equals(handle))
                .findFirst();
        id.ifPresent(sessions::deleteById);
        return id.isPresent();
    }

    private Map<String, Session> live(AtelierPrincipal me, AccountSummary account) {
        Map<String, Session> found = new HashMap<>(sessions.findByPrincipalName(me.getUsername()));
        found.values().removeIf(session -> {
            Object signedInAt = session.getAttribute(SignedInSessions.SIGNED_IN_AT);
            return session.isExpired() || SignedInSessions.ended(signedInAt, account) || !belongsTo(session, me);
        });
        return found;
    }

    /** The index is by name; the id in the security context makes sure the name was not someone else's before. */
    private static boolean belongsTo(Session session, AtelierPrincipal me) {
        Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        return context instanceof SecurityContext security
                && security.getAuthentication() != null
                && security.getAuthentication().getPrincipal() instanceof AtelierPrincipal principal
                && principal.id() == me.id();
    }

    private static SignedInSession view(Session session, boolean current) {
        Object signedInAt = session.getAttribute(SignedInSessions.SIGNED_IN_AT);
        return new SignedInSession(handleOf(session.getId()),
                DeviceDescription.of(session.getAttribute(SignedInSessions.USER_AGENT)),
                session.getAttribute(SignedInSessions.ADDRESS),
                signedInAt instanceof Instant at ? at : session.getCreationTime(),
                session.getLastAccessedTime(), current);
    }

    /** A name for a session that is not its id: the first 128 bits of the id's SHA-256, base64url. */
    static String handleOf(String sessionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
