package studio.atelier.account;

import org.springframework.security.authentication.BadCredentialsException;

/**
 * A sign-in attempt on a disabled account. The person sees the same "wrong username or password" as for any failure
 * (no account enumeration); only the audit log tells it apart, so that administrators see a disabled account still
 * being tried.
 */
class DisabledAccountRefused extends BadCredentialsException {

    DisabledAccountRefused() {
        super("bad credentials");
    }
}
