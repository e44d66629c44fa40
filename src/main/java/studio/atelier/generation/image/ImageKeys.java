package studio.atelier.generation.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Where an image lives inside any store, relative to its root: {@code ab/cd/abcd…ef.png} for originals and
 * {@code thumbs/ab/cd/abcd…ef.jpg} for thumbnails. The same names on disk and in a bucket, so moving an install
 * from one to the other is a copy.
 */
final class ImageKeys {

    static final String THUMBNAILS = "thumbs/";

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private ImageKeys() {
    }

    /** Whether {@code sha256} is a well-formed key: nothing else may reach a path or an object name. */
    static boolean valid(String sha256) {
        return sha256 != null && SHA256_HEX.matcher(sha256).matches();
    }

    static String original(String sha256, ImageFormat format) {
        return shard(sha256) + sha256 + "." + format.extension();
    }

    /** Every original of {@code sha256} starts with this, whatever its format. */
    static String originalStem(String sha256) {
        return shard(sha256) + sha256 + ".";
    }

    static String thumbnail(String sha256) {
        return THUMBNAILS + shard(sha256) + sha256 + "." + Thumbnailer.FORMAT.extension();
    }

    /** Two directory levels keep every folder small even with millions of images. */
    private static String shard(String sha256) {
        return sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/";
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }
}
