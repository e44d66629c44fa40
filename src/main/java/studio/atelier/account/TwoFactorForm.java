package studio.atelier.account;

/** Setting two-factor up (password and the app's first code) or removing it (password only). */
public record TwoFactorForm(String password, String code) {

    public static TwoFactorForm empty() {
        return new TwoFactorForm("", "");
    }
}
