package studio.atelier.generation.image;

import java.util.Optional;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ImageStore} that times every call of the store it wraps: {@code atelier_image_store_seconds{operation}},
 * operation = put, find or delete, whichever store (file system, object storage) is behind it. Failed calls are timed
 * too (outcome error), since a slow failing store is what an operator looks for.
 */
final class TimedImageStore implements ImageStore {

    private static final Logger log = LoggerFactory.getLogger(TimedImageStore.class);

    private final ImageStore store;
    private final Timer.Builder timer;
    private final MeterRegistry registry;

    TimedImageStore(ImageStore store, MeterRegistry registry) {
        this.store = store;
        this.registry = registry;
        this.timer = Timer.builder("atelier.image.store").description("Calls of the image store");
    }

    @Override
    public StoredImage put(byte[] bytes, ImageFormat format) {
        StoredImage stored = timed("put", () -> store.put(bytes, format));
        log.debug("Stored image {} ({} bytes)", stored.sha256(), stored.sizeBytes());
        return stored;
    }

    @Override
    public Optional<ImageBlob> find(String sha256, Variant variant) {
        return timed("find", () -> store.find(sha256, variant));
    }

    @Override
    public void delete(String sha256) {
        timed("delete", () -> {
            store.delete(sha256);
            return null;
        });
    }

    @Override
    public Optional<String> redirectOrigin() {
        return store.redirectOrigin();
    }

    /** The store behind the timing, for code that needs to know which it is. */
    ImageStore unwrap() {
        return store;
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = call.get();
            outcome = "success";
            return result;
        } finally {
            timer.tags("operation", operation, "outcome", outcome).register(registry)
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }
}
