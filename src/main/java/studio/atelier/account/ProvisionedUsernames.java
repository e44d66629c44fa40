package studio.atelier.account;

import java.text.Normalizer;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * Usernames for accounts an identity provider creates: what the person goes by there, reduced to what registration
 * accepts (3 to 40 letters, digits, '_', '.', '-'), with a number added when another account has it already.
 */
@Component
class ProvisionedUsernames {

    static final int MIN = 3;
    static final int MAX = 40;

    private final UserAccountRepository accounts;

    ProvisionedUsernames(UserAccountRepository accounts) {
        this.accounts = accounts;
    }

    String freeNameFor(String wanted) {
        String base = valid(wanted);
        String name = base;
        for (int i = 2; accounts.existsByUsernameKey(UserAccount.keyOf(name)); i++) {
            String suffix = "-" + i;
            name = base.substring(0, Math.min(base.length(), MAX - suffix.length())) + suffix;
        }
        return name;
    }

    static String valid(String wanted) {
        String name = Normalizer.normalize(wanted == null ? "" : wanted.strip(), Normalizer.Form.NFC)
                .replaceAll("[^\\p{L}\\p{N}_.-]+", "-").replaceAll("^-+|-+$", "");
        if (name.length() > MAX) {
            name = name.substring(0, MAX);
        }
        if (name.length() < MIN) {
            name = (name.isEmpty() ? "user" : name + "-user").toLowerCase(Locale.ROOT);
        }
        return name;
    }
}
