package studio.atelier.generation.image;

/**
 * The one way generated images enter Atelier: whether they arrive as bytes (data URIs) or as a URL,
 * they are inspected, stored under their hash and given a thumbnail before anything else sees them.
 */
public final class ImageIntake {

    private final ImageStore store;
    private final ImageFetcher fetcher;
    private final ImageInspector inspector;

    public ImageIntake(ImageStore store, ImageFetcher fetcher, ImageProperties properties) {
        this(store, fetcher, new ImageInspector(properties));
    }

    ImageIntake(ImageStore store, ImageFetcher fetcher, ImageInspector inspector) {
        this.store = store;
        this.fetcher = fetcher;
        this.inspector = inspector;
    }

    /**
     * Stores image bytes a gateway sent inline.
     *
     * @throws ImageRejected if the bytes are not an acceptable image
     */
    public StoredImage accept(byte[] bytes) {
        InspectedImage image = inspector.inspect(bytes);
        return store.put(bytes, image.format());
    }

    /**
     * Downloads and stores an image a gateway sent as a link.
     *
     * @param allowPrivateNetwork true only when the provider is configured as a local-network gateway
     * @throws ImageRejected if the URL or the downloaded bytes are refused
     */
    public StoredImage fetchAndAccept(String url, boolean allowPrivateNetwork) {
        FetchedImage fetched = fetcher.fetch(url, allowPrivateNetwork);
        return store.put(fetched.bytes(), fetched.image().format());
    }
}
