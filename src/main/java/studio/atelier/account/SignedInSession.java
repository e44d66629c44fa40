package studio.atelier.account;

import java.time.Instant;

/**
 * One place where a person is signed in, as the Account page lists it. {@code handle} names the session in a form
 * without being its id: a session id is as good as the password while it lives, so it never appears in a page.
 *
 * @param device a short description such as "Firefox on Windows", or null when the browser did not say
 */
public record SignedInSession(String handle, String device, String address, Instant signedInAt, Instant lastSeen,
        boolean current) {
}
