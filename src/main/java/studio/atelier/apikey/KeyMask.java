package studio.atelier.apikey;

/**
 * {@code sk-…abcd}: enough to recognise a key, never enough to use it. Short keys reveal less, so that the
 * mask never discloses most of a secret.
 */
final class KeyMask {

    private KeyMask() {
    }

    static String of(String key) {
        String k = key.trim();
        String prefix = k.startsWith("sk-") && k.length() >= 16 ? "sk-" : "";
        int visible = k.length() >= 16 ? 4 : k.length() >= 8 ? 2 : 0;
        return prefix + "…" + k.substring(k.length() - visible);
    }
}
