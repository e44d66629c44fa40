package studio.atelier.generation.image;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;

/** Stored image bytes, readable without knowing where or how they are kept. */
public interface ImageBlob {

    InputStream open() throws IOException;

    long size();

    ImageFormat format();

    default String contentType() {
        return format().mimeType();
    }

    /**
     * A short-lived URL that serves these bytes without Atelier in the way, when the store offers one and is configured
     * to; only ever handed out after the access check.
     *
     * @param attachmentName when not null, the URL makes the browser download under this name
     */
    default Optional<URI> directLink(String attachmentName) {
        return Optional.empty();
    }
}
