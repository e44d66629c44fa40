package studio.atelier.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** One AES-256 master key and the short id stored beside everything it sealed (so it can be rotated). */
record MasterKey(String id, SecretKey key) {

    static MasterKey fromBase64(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("atelier.security.encryption-key is not valid base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("atelier.security.encryption-key must be base64 of exactly 32 bytes, got " + bytes.length);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("atelier-key-id:" + base64.trim()).getBytes(StandardCharsets.UTF_8));
            return new MasterKey(HexFormat.of().formatHex(digest, 0, 6), new SecretKeySpec(bytes, "AES"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[" + id + "]";
    }
}
