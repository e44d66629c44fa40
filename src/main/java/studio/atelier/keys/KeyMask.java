package studio.atelier.keys;

/**
 * {@code sk-…abcd}: enough to recognise a key, never enough to use it. Short keys reveal less, so that the mask never
 * discloses most of a secret, and never nothing at all either: a bare "…" tells two keys apart no better than no mask.
 */
final class KeyMask {

    private KeyMask() {
    }

    static String of(String key) {
        String k = key.trim();
        if (k.length() < 4) {
            return "•".repeat(k.length()); // its length only
        }
        if (k.length() < 8) {
            return k.charAt(0) + "…" + k.charAt(k.length() - 1); // "demo" → "d…o"
        }
        String prefix = k.startsWith("sk-") && k.length() >= 16 ? "sk-" : "";
        int visible = k.length() >= 16 ? 4 : 2;
        return prefix + "…" + k.substring(k.length() - visible);
    }
}
