package studio.atelier.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

import studio.atelier.shared.DataDirectory;

class SecretCipherTest {

    @TempDir
    Path dir;

    static String newKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private SecretCipher cipher(String current, String... old) {
        return new SecretCipher(new Keyring(new EncryptionSettings(current, List.of(old), false), new DataDirectory(dir), new MockEnvironment()));
    }

    @Test
    void sealsAndOpensWithAFreshNonceEveryTime() {
        SecretCipher cipher = cipher(newKey());
        SecretCipher.Sealed a = cipher.seal("sk-live-1234567890abcdef");
        SecretCipher.Sealed b = cipher.seal("sk-live-1234567890abcdef");
        assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext()).doesNotContain("sk-live");
        assertThat(Base64.getDecoder().decode(a.ciphertext())).hasSize(12 + "sk-live-1234567890abcdef".length() + 16);
        assertThat(cipher.open(a)).isEqualTo("sk-live-1234567890abcdef");
        assertThat(cipher.open(b)).isEqualTo("sk-live-1234567890abcdef");
    }

    @Test
    void valuesSealedUnderARetiredKeyStillOpenAfterRotation() {
        String oldKey = newKey();
        SecretCipher.Sealed sealed = cipher(oldKey).seal("sk-old-secret-value");
        SecretCipher rotated = cipher(newKey(), oldKey);
        assertThat(rotated.isCurrent(sealed.keyId())).isFalse();
        assertThat(rotated.open(sealed)).isEqualTo("sk-old-secret-value");
        assertThatThrownBy(() -> cipher(newKey()).open(sealed)).hasMessageContaining("not configured")
                .hasMessageNotContaining("sk-old");
    }

    @Test
    void tamperedCiphertextIsRefusedWithoutRevealingAnything() {
        SecretCipher cipher = cipher(newKey());
        SecretCipher.Sealed sealed = cipher.seal("sk-tamper-me-please");
        byte[] bytes = Base64.getDecoder().decode(sealed.ciphertext());
        bytes[bytes.length - 1] ^= 1;
        SecretCipher.Sealed tampered = new SecretCipher.Sealed(Base64.getEncoder().encodeToString(bytes), sealed.keyId());
        assertThatThrownBy(() -> cipher.open(tampered)).isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("sk-tamper");
    }

    @Test
    void withoutConfigurationTheDefaultProfileGeneratesAndKeepsAKeyInTheDataDirectory() throws Exception {
        SecretCipher.Sealed sealed = cipher(null).seal("sk-generated-key-test");
        Path file = dir.resolve("secrets/encryption.key");
        assertThat(Files.readString(file).trim()).hasSize(44);
        assertThat(cipher(null).open(sealed)).isEqualTo("sk-generated-key-test");
    }

    @Test
    void theProdProfileRefusesToStartWithoutAConfiguredKey() {
        MockEnvironment prod = new MockEnvironment();
        prod.setActiveProfiles("prod");
        assertThatThrownBy(() -> new Keyring(new EncryptionSettings(null, List.of(), false), new DataDirectory(dir), prod))
                .hasMessageContaining("ATELIER_SECURITY_ENCRYPTION_KEY");
    }

    @Test
    void badKeysAreRefusedClearly() {
        assertThatThrownBy(() -> cipher("not base64!!")).hasMessageContaining("base64");
        assertThatThrownBy(() -> cipher(Base64.getEncoder().encodeToString(new byte[16]))).hasMessageContaining("32 bytes");
    }

    @Test
    void masksRevealOnlyAFewCharacters() {
        assertThat(KeyMask.of("sk-abcdefghijklmnopqrstuvwxyz")).isEqualTo("sk-…wxyz");
        assertThat(KeyMask.of("abcdefghij")).isEqualTo("…ij");
        assertThat(KeyMask.of("demo")).isEqualTo("d…o");
    }
}
