package studio.atelier.generation.image;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The image formats Atelier stores. Each format recognises itself by its leading magic bytes, because
 * gateways and CDNs routinely send wrong Content-Type headers and file extensions.
 */
public enum ImageFormat {

    PNG("image/png", "png", "png") {
        @Override
        boolean matches(byte[] bytes) {
            return startsWith(bytes, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        }
    },
    JPEG("image/jpeg", "jpg", "jpeg") {
        @Override
        boolean matches(byte[] bytes) {
            return startsWith(bytes, 0, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
        }
    },
    WEBP("image/webp", "webp", "webp") {
        @Override
        boolean matches(byte[] bytes) {
            return startsWith(bytes, 0, ascii("RIFF")) && startsWith(bytes, 8, ascii("WEBP"));
        }
    },
    GIF("image/gif", "gif", "gif") {
        @Override
        boolean matches(byte[] bytes) {
            return startsWith(bytes, 0, ascii("GIF87a")) || startsWith(bytes, 0, ascii("GIF89a"));
        }
    };

    private final String mimeType;
    private final String extension;
    private final String imageIoName;

    ImageFormat(String mimeType, String extension, String imageIoName) {
        this.mimeType = mimeType;
        this.extension = extension;
        this.imageIoName = imageIoName;
    }

    public String mimeType() {
        return mimeType;
    }

    /** File extension without the dot. */
    public String extension() {
        return extension;
    }

    String imageIoName() {
        return imageIoName;
    }

    abstract boolean matches(byte[] bytes);

    /** The format whose signature the bytes start with, if any. */
    static Optional<ImageFormat> sniff(byte[] bytes) {
        return Arrays.stream(values()).filter(format -> format.matches(bytes)).findFirst();
    }

    /** The format stored under this file extension (without the dot), if any. */
    static Optional<ImageFormat> fromExtension(String extension) {
        return Arrays.stream(values()).filter(format -> format.extension.equals(extension)).findFirst();
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] signature) {
        if (bytes.length < offset + signature.length) {
            return false;
        }
        return Arrays.equals(bytes, offset, offset + signature.length, signature, 0, signature.length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
