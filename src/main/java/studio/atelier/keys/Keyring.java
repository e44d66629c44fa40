package studio.atelier.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

import studio.atelier.shared.DataDirectory;

/**
 * The current master key and the retired ones. Without a configured key the default profile generates one
 * into the data directory (and says so); the {@code prod} profile refuses to start instead, because a key
 * that lives next to the database protects nothing.
 */
@Component
class Keyring {

    private static final Logger log = LoggerFactory.getLogger(Keyring.class);

    private final MasterKey current;
    private final Map<String, MasterKey> all = new LinkedHashMap<>();

    Keyring(EncryptionSettings settings, DataDirectory dataDirectory, Environment environment) {
        String configured = settings.encryptionKey();
        if (configured == null || configured.isBlank()) {
            if (environment.acceptsProfiles(Profiles.of("prod"))) {
                throw new IllegalStateException("ATELIER_SECURITY_ENCRYPTION_KEY must be set in the prod profile "
                        + "(base64 of 32 random bytes, e.g. `openssl rand -base64 32`)");
            }
            configured = generatedKey(dataDirectory.resolve("secrets").resolve("encryption.key"));
        }
        this.current = MasterKey.fromBase64(configured);
        all.put(current.id(), current);
        for (String old : settings.oldEncryptionKeys()) {
            MasterKey retired = MasterKey.fromBase64(old);
            all.putIfAbsent(retired.id(), retired);
        }
    }

    private static String generatedKey(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            Files.createDirectories(file.getParent());
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String base64 = Base64.getEncoder().encodeToString(bytes);
            Arrays.fill(bytes, (byte) 0);
            Files.writeString(file, base64 + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the data directory's own permissions have to do
            }
            log.warn("No atelier.security.encryption-key configured: generated one at {}. Back it up with the database; "
                    + "set ATELIER_SECURITY_ENCRYPTION_KEY in production.", file);
            return base64;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the encryption key file " + file, e);
        }
    }

    MasterKey current() {
        return current;
    }

    Optional<MasterKey> byId(String id) {
        return Optional.ofNullable(all.get(id));
    }
}
