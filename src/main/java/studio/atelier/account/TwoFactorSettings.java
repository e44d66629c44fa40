package studio.atelier.account;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code atelier.login.require-two-factor-for-admins=true}: an administrator signed in with a password sets up two-factor first. */
@ConfigurationProperties("atelier.login")
record TwoFactorSettings(Boolean requireTwoFactorForAdmins) {

    TwoFactorSettings {
        requireTwoFactorForAdmins = requireTwoFactorForAdmins != null && requireTwoFactorForAdmins;
    }
}
