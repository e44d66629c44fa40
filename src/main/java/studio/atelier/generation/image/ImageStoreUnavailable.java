package studio.atelier.generation.image;

/**
 * The image store cannot be reached right now (the object store is down, restarting or throttling). Temporary, like a
 * database outage: pages that need image bytes answer 503, and a finished generation waits for the store.
 */
public class ImageStoreUnavailable extends RuntimeException {

    ImageStoreUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
