package studio.atelier.keys;

import org.springframework.stereotype.Component;

/**
 * Other modules' secrets sealed with the master key (an authenticator app's secret, for one), as one string that
 * names the key that sealed it, so it still opens after the key is rotated.
 */
@Component
public class SealedSecrets {

    private final SecretCipher cipher;

    SealedSecrets(SecretCipher cipher) {
        this.cipher = cipher;
    }

    public String seal(String plaintext) {
        SecretCipher.Sealed sealed = cipher.seal(plaintext);
        return sealed.keyId() + ":" + sealed.ciphertext();
    }

    public String open(String sealed) {
        int colon = sealed.indexOf(':');
        return cipher.open(new SecretCipher.Sealed(sealed.substring(colon + 1), sealed.substring(0, colon)));
    }
}
