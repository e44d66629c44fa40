package studio.atelier.account;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Password sign-in, refused before the password is even checked once the throttle trips, so that
 * guessing cannot continue during the lock-out.
 */
@Component
public class ThrottledAuthenticationProvider implements AuthenticationProvider {

    private final DaoAuthenticationProvider passwords;
    private final LoginThrottle throttle;
    private final PasswordSignIn switchedOn;

    ThrottledAuthenticationProvider(AccountUserDetailsService users, PasswordEncoder encoder, LoginThrottle throttle,
            PasswordSignIn switchedOn) {
        this.switchedOn = switchedOn;
        this.passwords = new DaoAuthenticationProvider(users);
        this.passwords.setPasswordEncoder(encoder);
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String username = String.valueOf(authentication.getPrincipal());
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                && details.getRemoteAddress() != null ? details.getRemoteAddress() : "unknown";
        if (throttle.isThrottled(username, address)) {
            throw new SignInRefused();
        }
        if (!switchedOn.allows(username)) {
            // the same answer as a wrong password: whether password sign-in is off tells nobody which accounts exist
            throttle.recordFailure(username, address);
            throw new BadCredentialsException("bad credentials");
        }
        try {
            return passwords.authenticate(authentication);
        } catch (DisabledException disabled) {
            throttle.recordFailure(username, address);
            throw new DisabledAccountRefused();
        } catch (AuthenticationException failed) {
            throttle.recordFailure(username, address);
            // One message for unknown user, wrong password and disabled account: no account enumeration.
            throw new BadCredentialsException("bad credentials");
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
