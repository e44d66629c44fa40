package studio.atelier.account;

import org.springframework.stereotype.Component;

/** Whether the password form is offered, and to whom: everybody, or only the break-glass accounts. */
@Component
public class PasswordSignIn {

    private final PasswordSignInSettings settings;

    PasswordSignIn(PasswordSignInSettings settings) {
        this.settings = settings;
    }

    /** True unless password sign-in is switched off; registration follows this switch. */
    public boolean offeredToEveryone() {
        return settings.enabled();
    }

    /** True when some account may still sign in with a password (at {@code /login?password}). */
    public boolean offeredToAnyone() {
        return settings.enabled() || !settings.breakGlass().isEmpty();
    }

    boolean allows(String username) {
        return settings.enabled() || settings.breakGlass().stream().anyMatch(n -> UserAccount.keyOf(n).equals(UserAccount.keyOf(username)));
    }
}
