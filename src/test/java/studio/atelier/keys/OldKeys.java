package studio.atelier.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.env.MockEnvironment;

import studio.atelier.shared.DataDirectory;

/** For tests outside this package: API keys stored as if sealed before a master key rotation. */
public final class OldKeys {

    private OldKeys() {
    }

    /** Stores {@code secret} for {@code owner} (demo provider) sealed under the master key {@code base64}. */
    public static void insertSealedUnder(String base64, JdbcClient jdbc, long owner, String secret) {
        SecretCipher.Sealed sealed = cipher(base64).seal(secret);
        jdbc.sql("insert into api_key (owner_id, provider_id, label, ciphertext, key_id, masked, created_at) "
                        + "values (?, 'demo', 'old', ?, ?, 'sk-…', ?)")
                .params(owner, sealed.ciphertext(), sealed.keyId(), Timestamp.from(Instant.now())).update();
    }

    /** The id stored beside everything the master key {@code base64} sealed. */
    public static String idOf(String base64) {
        return MasterKey.fromBase64(base64).id();
    }

    public static String keyIdOf(JdbcClient jdbc, long owner) {
        return jdbc.sql("select key_id from api_key where owner_id = ?").param(owner).query(String.class).single();
    }

    private static SecretCipher cipher(String base64) {
        try {
            return new SecretCipher(new Keyring(new EncryptionSettings(base64, List.of(), false),
                    new DataDirectory(Files.createTempDirectory("atelier-old-key-")), new MockEnvironment()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
