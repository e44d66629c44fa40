package studio.atelier.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

import studio.atelier.shared.DataDirectory;

class UserPseudonymTest {

    @TempDir
    Path dir;

    private UserPseudonym pseudonyms(String masterKey) {
        return new UserPseudonym(new Keyring(new EncryptionSettings(masterKey, List.of(), false), new DataDirectory(dir), new MockEnvironment()));
    }

    @Test
    void stablePerPersonDistinctBetweenPeopleAndTiedToTheMasterKey() {
        String key = SecretCipherTest.newKey();
        UserPseudonym pseudonyms = pseudonyms(key);
        String first = pseudonyms.of(42);
        assertThat(first).matches("atelier-[0-9a-f]{24}");
        assertThat(pseudonyms.of(42)).as("asked again (kept)").isEqualTo(first);
        assertThat(pseudonyms(key).of(42)).as("computed again, e.g. on another node").isEqualTo(first);
        assertThat(pseudonyms.of(43)).isNotEqualTo(first);
        assertThat(pseudonyms(SecretCipherTest.newKey()).of(42)).as("under another master key").isNotEqualTo(first);
    }
}
