package studio.atelier.account;

import org.springframework.security.core.AuthenticationException;

/** Too many failed attempts for this username or address; says nothing about whether the account exists. */
class SignInRefused extends AuthenticationException {

    SignInRefused() {
        super("sign-in throttled");
    }
}
