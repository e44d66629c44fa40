package studio.atelier.generation.image;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import studio.atelier.shared.Backoff;

/**
 * The one way generated images enter Atelier: whether they arrive as bytes (data URIs) or as a URL,
 * they are inspected, stored under their hash and given a thumbnail before anything else sees them.
 *
 * <p>A store that cannot be reached is waited for: the gateway's answer is already paid for and exists nowhere else,
 * so the generation stays running (its lease renewed) and the store is asked again with a growing pause until it
 * answers. Only an interrupted thread (a node going away) gives up, and then the job ends INTERRUPTED with Retry.
 */
public final class ImageIntake {

    private static final Logger log = LoggerFactory.getLogger(ImageIntake.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    private final ImageStore store;
    private final ImageFetcher fetcher;
    private final ImageInspector inspector;
    private final Duration firstPause;
    private final Duration longestPause;
    private final AtomicInteger waiting = new AtomicInteger();

    public ImageIntake(ImageStore store, ImageFetcher fetcher, ImageProperties properties) {
        this(store, fetcher, new ImageInspector(properties), FIRST_PAUSE, LONGEST_PAUSE);
    }

    ImageIntake(ImageStore store, ImageFetcher fetcher, ImageInspector inspector, Duration firstPause, Duration longestPause) {
        this.store = store;
        this.fetcher = fetcher;
        this.inspector = inspector;
        this.firstPause = firstPause;
        this.longestPause = longestPause;
    }

    /**
     * Stores image bytes a gateway sent inline.
     *
     * @throws ImageRejected if the bytes are not an acceptable image
     */
    public StoredImage accept(byte[] bytes) {
        InspectedImage image = inspector.inspect(bytes);
        return storeWhenReachable(bytes, image.format());
    }

    /**
     * Downloads and stores an image a gateway sent as a link.
     *
     * @param allowPrivateNetwork true only when the provider is configured as a local-network gateway
     * @throws ImageRejected if the URL or the downloaded bytes are refused
     */
    public StoredImage fetchAndAccept(String url, boolean allowPrivateNetwork) {
        FetchedImage fetched = fetcher.fetch(url, allowPrivateNetwork);
        return storeWhenReachable(fetched.bytes(), fetched.image().format());
    }

    /** Images held in memory right now until the store can be reached again. */
    int waitingForStore() {
        return waiting.get();
    }

    private StoredImage storeWhenReachable(byte[] bytes, ImageFormat format) {
        for (int failures = 0; ; ) {
            try {
                StoredImage stored = store.put(bytes, format);
                if (failures > 0) {
                    log.info("Image store reachable again; image {} stored after {} attempt(s)", stored.sha256(), failures + 1);
                }
                return stored;
            } catch (ImageStoreUnavailable unavailable) {
                failures++;
                if (failures == 1) {
                    log.warn("Image store unavailable, the image waits for it ({})", unavailable.getMessage());
                }
                pause(Backoff.after(firstPause, longestPause, failures), unavailable);
            }
        }
    }

    private void pause(Duration pause, ImageStoreUnavailable unavailable) {
        waiting.incrementAndGet();
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable;
        } finally {
            waiting.decrementAndGet();
        }
    }
}
