package studio.atelier.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordPolicyTest {

    private final PasswordPolicy policy = new PasswordPolicy();

    @ParameterizedTest
    @CsvSource(nullValues = "NONE", value = {
            "alice, short, account.password.too-short",
            "alice, 123456789, account.password.too-short",
            "longusername1, LongUsername1, account.password.same-as-username",
            "alice, qwertyuiop, account.password.too-common",
            "alice, Password123!, account.password.too-common",
            "alice, 1234567890, account.password.too-common",
            "alice, Violet-Harbour-42, NONE",
            "alice, 山川湖海都很美丽的地方啊, NONE"
    })
    void judgesPasswords(String username, String password, String expected) {
        assertThat(policy.violation(username, password).orElse(null)).isEqualTo(expected);
    }
}
