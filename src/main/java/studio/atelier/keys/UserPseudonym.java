package studio.atelier.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    /** Every generation sends it: computed once per person and master key rather than per call. */
    private final Map<Long, Known> known = new ConcurrentHashMap<>();

    private record Known(String masterKeyId, String pseudonym) {
    }

    UserPseudonym(Keyring keyring) {
        this.keyring = keyring;
    }

    public String of(long userId) {
        MasterKey key = keyring.current();
        Known cached = known.get(userId);
        if (cached != null && cached.masterKeyId().equals(key.id())) {
            return cached.pseudonym();
        }
        String pseudonym = compute(key, userId);
        if (known.size() >= 100_000) {
            known.clear();
        }
        known.put(userId, new Known(key.id(), pseudonym));
        return pseudonym;
    }

    private static String compute(MasterKey key, long userId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.key().getEncoded(), "HmacSHA256"));
            byte[] digest = mac.doFinal(("atelier-user:" + userId).getBytes(StandardCharsets.UTF_8));
            return "atelier-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
