package studio.atelier.generation.image;

import java.io.IOException;
import java.io.InputStream;

/** Stored image bytes, readable without knowing where or how they are kept. */
public interface ImageBlob {

    InputStream open() throws IOException;

    long size();

    ImageFormat format();

    default String contentType() {
        return format().mimeType();
    }
}
