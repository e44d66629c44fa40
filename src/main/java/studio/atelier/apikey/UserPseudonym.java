package studio.atelier.apikey;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * The {@code user} value sent to gateways for their abuse tracking: stable per person, but neither the
 * username nor a guessable id (HMAC under the master key).
 */
@Component
public class UserPseudonym {

    private final Keyring keyring;

    UserPseudonym(Keyring keyring) {
        this.keyring = keyring;
    }

    public String of(long userId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keyring.current().key().getEncoded(), "HmacSHA256"));
            byte[] digest = mac.doFinal(("atelier-user:" + userId).getBytes(StandardCharsets.UTF_8));
            return "atelier-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
