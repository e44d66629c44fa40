package studio.atelier.generation.image;

/** An image kept in the {@link ImageStore}, addressed by the SHA-256 of its bytes (lower-case hex). */
public record StoredImage(String sha256, ImageFormat format, long sizeBytes, int width, int height) {
}
