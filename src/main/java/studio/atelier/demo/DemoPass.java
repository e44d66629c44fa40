package studio.atelier.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * What lets a call into the built-in demo gateway: a secret made when this node starts and sent only by this node's own
 * gateway client (the demo provider points at the node itself), so the demo paints for this Atelier's generations and
 * for nobody else on the internet.
 */
public final class DemoPass {

    public static final String HEADER = "X-Atelier-Demo-Pass";

    private static final String VALUE;

    static {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        VALUE = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private DemoPass() {
    }

    /** The headers this node's own calls to its demo gateway carry. */
    public static Map<String, String> headers() {
        return Map.of(HEADER, VALUE);
    }

    public static boolean admits(String presented) {
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                VALUE.getBytes(StandardCharsets.UTF_8));
    }
}
