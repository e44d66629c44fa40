package studio.atelier.keys;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code atelier.security.encryption-key}: base64 of 32 random bytes, the master key that seals stored API
 * keys. {@code old-encryption-keys}: earlier master keys, still able to open what they sealed until
 * everything has been re-encrypted (at start-up with {@code reencrypt-on-start}, or from the admin console).
 */
@ConfigurationProperties("atelier.security")
record EncryptionSettings(String encryptionKey, List<String> oldEncryptionKeys, Boolean reencryptOnStart) {

    EncryptionSettings {
        oldEncryptionKeys = oldEncryptionKeys == null ? List.of() : List.copyOf(oldEncryptionKeys);
        reencryptOnStart = reencryptOnStart != null && reencryptOnStart;
    }

    @Override
    public String toString() {
        return "EncryptionSettings[keys hidden]";
    }
}
