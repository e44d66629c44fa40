package studio.atelier.generation.image;

import java.io.InputStream;
import java.net.URI;
import java.util.Optional;

/**
 * Keeps images as objects in an S3-compatible bucket, under the same {@link ImageKeys} as the file system store, so
 * every node serves every image. Objects are written whole by a single PUT, so a reader never sees half an image, and
 * an object already there is not written again: storing the same bytes twice costs two lookups and nothing else.
 */
final class S3ImageStore implements ImageStore {

    private final ImageBucket bucket;
    private final ImageInspector inspector;
    private final Thumbnailer thumbnailer;

    S3ImageStore(ImageBucket bucket, ImageProperties properties) {
        this(bucket, new ImageInspector(properties), new Thumbnailer(properties.thumbnailWidth()));
    }

    S3ImageStore(ImageBucket bucket, ImageInspector inspector, Thumbnailer thumbnailer) {
        this.bucket = bucket;
        this.inspector = inspector;
        this.thumbnailer = thumbnailer;
    }

    @Override
    public StoredImage put(byte[] bytes, ImageFormat format) {
        // Inspected again even when the caller already did: the store must never hand a bomb to the thumbnailer.
        InspectedImage image = inspector.inspect(bytes);
        if (image.format() != format) {
            throw new IllegalArgumentException("Bytes are " + image.format() + ", not " + format);
        }
        String sha256 = ImageKeys.sha256(bytes);
        String original = ImageKeys.original(sha256, format);
        String thumbnail = ImageKeys.thumbnail(sha256);
        // Thumbnail first: if the pixels do not decode, nothing is stored at all.
        byte[] thumbnailBytes = bucket.find(thumbnail).isPresent() ? null : thumbnailer.thumbnail(bytes, image);
        if (bucket.find(original).isEmpty()) {
            bucket.put(original, bytes, format.mimeType());
        }
        if (thumbnailBytes != null) {
            bucket.put(thumbnail, thumbnailBytes, Thumbnailer.FORMAT.mimeType());
        }
        return new StoredImage(sha256, format, bytes.length, image.width(), image.height());
    }

    @Override
    public Optional<ImageBlob> find(String sha256, Variant variant) {
        if (!ImageKeys.valid(sha256)) {
            return Optional.empty();
        }
        if (variant == Variant.THUMBNAIL) {
            return bucket.find(ImageKeys.thumbnail(sha256)).map(entry -> new StoredObject(bucket, entry, Thumbnailer.FORMAT));
        }
        return bucket.findFirst(ImageKeys.originalStem(sha256)).flatMap(entry -> ImageFormat.fromExtension(extension(entry.key()))
                .map(format -> new StoredObject(bucket, entry, format)));
    }

    @Override
    public void delete(String sha256) {
        if (!ImageKeys.valid(sha256)) {
            return;
        }
        for (ImageFormat format : ImageFormat.values()) {
            bucket.delete(ImageKeys.original(sha256, format));
        }
        bucket.delete(ImageKeys.thumbnail(sha256));
    }

    @Override
    public Optional<String> redirectOrigin() {
        return bucket.presigns() ? Optional.of(bucket.presignedOrigin()) : Optional.empty();
    }

    private static String extension(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    private record StoredObject(ImageBucket bucket, ImageBucket.Entry entry, ImageFormat format) implements ImageBlob {

        @Override
        public InputStream open() {
            return bucket.open(entry.key());
        }

        @Override
        public long size() {
            return entry.size();
        }

        @Override
        public Optional<URI> directLink(String attachmentName) {
            return bucket.presigns() ? Optional.of(bucket.presignedGet(entry.key(), attachmentName)) : Optional.empty();
        }
    }
}
