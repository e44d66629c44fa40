package studio.atelier.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordPolicyTest {

    private final PasswordPolicy policy = new PasswordPolicy();

    /** Every broken rule is named, not just the first one ({@code expected}: message codes without the prefix, '|'-separated). */
    @ParameterizedTest
    @CsvSource(nullValues = "NONE", value = {
            "alice, short, too-short",
            "alice, 123456789, too-short",
            "longusername1, LongUsername1, same-as-username",
            "alice, qwertyuiop, too-common",
            "alice, Password123!, too-common",
            "alice, 1234567890, too-common",
            "alice, alice, too-short|same-as-username",
            "qwertyuiop, QwertyUiop, same-as-username|too-common",
            "alice, Violet-Harbour-42, NONE",
            "alice, 山川湖海都很美丽的地方啊, NONE"
    })
    void namesEveryRuleAPasswordBreaks(String username, String password, String expected) {
        List<String> codes = expected == null ? List.of()
                : List.of(expected.split("\\|")).stream().map(c -> "account.password." + c).toList();
        assertThat(policy.violations(username, password)).containsExactlyElementsOf(codes);
    }
}
