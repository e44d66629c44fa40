package studio.atelier.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import studio.atelier.shared.DataDirectory;

/**
 * After a master key rotation with {@code reencrypt-on-start}, a start re-seals what the old key sealed, and a key that
 * was in use before still opens afterwards.
 */
@SpringBootTest
class KeyRotationOnStartTest {

    static final String OLD = SecretCipherTest.newKey();
    static final String NEW = SecretCipherTest.newKey();
    static final Path DATA;

    static {
        try {
            DATA = Files.createTempDirectory("atelier-rotation-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void rotated(DynamicPropertyRegistry registry) {
        registry.add("atelier.data-dir", DATA::toString);
        registry.add("atelier.security.encryption-key", () -> NEW);
        registry.add("atelier.security.old-encryption-keys[0]", () -> OLD);
        registry.add("atelier.security.reencrypt-on-start", () -> "true");
    }

    @Autowired
    ApiKeyService keys;
    @Autowired
    JdbcClient jdbc;

    @Test
    void keysSealedUnderTheOldMasterKeyAreResealedAndStillOpen(@TempDir Path elsewhere) {
        SecretCipher.Sealed old = new SecretCipher(new Keyring(new EncryptionSettings(OLD, List.of(), false),
                new DataDirectory(elsewhere), new MockEnvironment())).seal("sk-sealed-before-rotation-01");
        jdbc.sql("insert into app_user (username, username_key, password_hash, role, created_at) values ('rotor', 'rotor', 'x', 'USER', ?)")
                .param(Timestamp.from(Instant.now())).update();
        long owner = jdbc.sql("select id from app_user where username_key = 'rotor'").query(Long.class).single();
        jdbc.sql("insert into api_key (owner_id, provider_id, label, ciphertext, key_id, masked, created_at) "
                        + "values (?, 'demo', 'old', ?, ?, 'sk-…01', ?)")
                .params(owner, old.ciphertext(), old.keyId(), Timestamp.from(Instant.now())).update();
        assertThat(keys.usableKey(owner, "demo", null)).map(UsableKey::secret).contains("sk-sealed-before-rotation-01");

        keys.reencryptOnStart();

        String keyIdNow = jdbc.sql("select key_id from api_key where owner_id = ?").param(owner).query(String.class).single();
        assertThat(keyIdNow).isNotEqualTo(old.keyId());
        assertThat(keys.usableKey(owner, "demo", null)).map(UsableKey::secret).contains("sk-sealed-before-rotation-01");
    }
}
