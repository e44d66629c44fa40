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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keeps images on the local disk as {@code ab/cd/abcd…ef.png} and thumbnails as
 * {@code thumbs/ab/cd/abcd…ef.jpg}. Two directory levels keep every folder small even with millions of
 * images. Files appear only complete: they are written to a temp file next to the target, flushed to
 * disk, then atomically renamed.
 */
public final class FileSystemImageStore implements ImageStore {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
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
        String sha256 = sha256(bytes);
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
        if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
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
        if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
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
        return shard(root, sha256).resolve(sha256 + "." + format.extension());
    }

    Path thumbnailPath(String sha256) {
        return shard(root.resolve("thumbs"), sha256).resolve(sha256 + "." + Thumbnailer.FORMAT.extension());
    }

    private static Path shard(Path base, String sha256) {
        return base.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4));
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

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }

    private record StoredFile(Path path, ImageFormat format, long size) implements ImageBlob {

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }
    }
}
