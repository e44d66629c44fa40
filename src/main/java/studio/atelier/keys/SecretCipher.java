package studio.atelier.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import org.springframework.stereotype.Component;

/**
 * AES-256-GCM with a fresh random 96-bit nonce per value. The sealed form is base64(nonce || ciphertext+tag)
 * plus the id of the master key, so values sealed under an older key still open after a rotation.
 */
@Component
class SecretCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] CONTEXT = "atelier-api-key".getBytes(StandardCharsets.UTF_8);

    private final Keyring keyring;
    private final SecureRandom random = new SecureRandom();
    /**
     * Every submission opens a key: looking the transformation up in the security providers cost more than decrypting.
     * A cipher is re-initialised with its key and nonce before each use, so one per thread is safe to reuse.
     */
    private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available", e);
        }
    });

    SecretCipher(Keyring keyring) {
        this.keyring = keyring;
    }

    record Sealed(String ciphertext, String keyId) {
    }

    Sealed seal(String plaintext) {
        MasterKey key = keyring.current();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = GCM.get();
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(CONTEXT);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return new Sealed(Base64.getEncoder().encodeToString(out), key.id());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    String open(Sealed sealed) {
        MasterKey key = keyring.byId(sealed.keyId()).orElseThrow(() -> new IllegalStateException(
                "The master key " + sealed.keyId() + " that sealed this value is not configured (atelier.security.old-encryption-keys)"));
        byte[] all = Base64.getDecoder().decode(sealed.ciphertext());
        try {
            Cipher cipher = GCM.get();
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(CONTEXT);
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored key could not be decrypted (wrong master key or tampered value)");
        }
    }

    boolean isCurrent(String keyId) {
        return keyring.current().id().equals(keyId);
    }
}
