package studio.atelier.generation.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Keeps images on the local disk under their {@link ImageKeys} ({@code ab/cd/abcd…ef.png}, thumbnails under
 * {@code thumbs/}). Files appear only complete: they are written to a temp file next to the target, flushed to
 * disk, then atomically renamed.
 */
public final class FileSystemImageStore implements ImageStore {

    private static final String TEMP_PREFIX = ".incoming-";

    private final Path root;
    private final ImageInspector inspector;
    private final Thumbnailer thumbnailer;

    public FileSystemImageStore(Path root) {
        this(root, ImageProperties.defaults());
    }

    public FileSystemImageStore(Path root, ImageProperties properties) {
        this(root, new ImageInspector(properties), new Thumbnailer(properties.thumbnailWidth()));
    }

    FileSystemImageStore(Path root, ImageInspector inspector, Thumbnailer thumbnailer) {
        this.root = root.toAbsolutePath().normalize();
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
        Path original = originalPath(sha256, format);
        Path thumbnail = thumbnailPath(sha256);
        // Thumbnail first: if the pixels do not decode, nothing is stored at all.
        byte[] thumbnailBytes = Files.exists(thumbnail) ? null : thumbnailer.thumbnail(bytes, image);
        try {
            if (!Files.exists(original)) {
                writeAtomically(original, bytes);
            }
            if (thumbnailBytes != null) {
                writeAtomically(thumbnail, thumbnailBytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store image " + sha256, e);
        }
        return new StoredImage(sha256, format, bytes.length, image.width(), image.height());
    }

    @Override
    public Optional<ImageBlob> find(String sha256, Variant variant) {
        if (!ImageKeys.valid(sha256)) {
            return Optional.empty();
        }
        if (variant == Variant.THUMBNAIL) {
            return blob(thumbnailPath(sha256), Thumbnailer.FORMAT);
        }
        for (ImageFormat format : ImageFormat.values()) {
            Optional<ImageBlob> blob = blob(originalPath(sha256, format), format);
            if (blob.isPresent()) {
                return blob;
            }
        }
        return Optional.empty();
    }

    @Override
    public void delete(String sha256) {
        if (!ImageKeys.valid(sha256)) {
            return;
        }
        try {
            for (ImageFormat format : ImageFormat.values()) {
                Files.deleteIfExists(originalPath(sha256, format));
            }
            Files.deleteIfExists(thumbnailPath(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete image " + sha256, e);
        }
    }

    Path originalPath(String sha256, ImageFormat format) {
        return root.resolve(ImageKeys.original(sha256, format));
    }

    Path thumbnailPath(String sha256) {
        return root.resolve(ImageKeys.thumbnail(sha256));
    }

    private static Optional<ImageBlob> blob(Path path, ImageFormat format) {
        try {
            return Optional.of(new StoredFile(path, format, Files.size(path)));
        } catch (IOException missing) {
            return Optional.empty();
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), TEMP_PREFIX, ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                // Without the flush a power cut after the rename could leave a complete name with empty content.
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private record StoredFile(Path path, ImageFormat format, long size) implements ImageBlob {

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }
    }
}
