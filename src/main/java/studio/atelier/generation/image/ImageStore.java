package studio.atelier.generation.image;

import java.util.Optional;

/**
 * Content-addressed image storage. Callers only know this interface so that an object-store
 * implementation can replace the file system one without touching them.
 */
public interface ImageStore {

    /** Which rendition of a stored image to read. */
    enum Variant { ORIGINAL, THUMBNAIL }

    /**
     * Stores the bytes under their SHA-256 and makes the thumbnail if there is none yet. Storing the
     * same bytes twice is harmless and returns the same key.
     *
     * @throws ImageRejected if the bytes are not an acceptable image of the given format
     * @throws ImageStoreUnavailable when the store cannot be reached right now
     */
    StoredImage put(byte[] bytes, ImageFormat format);

    /**
     * Empty when nothing is stored under that key (malformed keys included).
     *
     * @throws ImageStoreUnavailable when the store cannot be reached to tell
     */
    Optional<ImageBlob> find(String sha256, Variant variant);

    /** Removes the original and its thumbnail; unknown or malformed keys are ignored. */
    void delete(String sha256);

    /** Where {@link ImageBlob#directLink} URLs point (scheme, host and port), when the store hands them out. */
    default Optional<String> redirectOrigin() {
        return Optional.empty();
    }
}
