package studio.atelier.generation.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies an install's image files into the bucket, keeping their keys, and proves every object by reading it back and
 * comparing its SHA-256 with the file's (an original's file name is its SHA-256, so a damaged file is found too).
 * Safe to run again at any time: an object that is already there and proves right is left alone, one that is missing
 * or wrong is written (again). An interrupted run therefore resumes where it stopped.
 */
final class ImageMigration {

    /** What a run did; {@code failed} files are named in the log and are worth a look before switching over. */
    record Summary(int copied, int alreadyThere, int failed) {

        int files() {
            return copied + alreadyThere + failed;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ImageMigration.class);
    private static final int PROGRESS_EVERY = 500;

    private final Path root;
    private final ImageBucket bucket;

    ImageMigration(Path root, ImageBucket bucket) {
        this.root = root.toAbsolutePath().normalize();
        this.bucket = bucket;
    }

    Summary run() {
        List<Path> files = files();
        log.info("Moving {} image file(s) from {} into the bucket", files.size(), root);
        int copied = 0;
        int alreadyThere = 0;
        int failed = 0;
        for (int i = 0; i < files.size(); i++) {
            switch (migrate(files.get(i))) {
                case COPIED -> copied++;
                case ALREADY_THERE -> alreadyThere++;
                case FAILED -> failed++;
            }
            if ((i + 1) % PROGRESS_EVERY == 0) {
                log.info("{} of {} image file(s) done: {} copied, {} already there, {} failed", i + 1, files.size(), copied,
                        alreadyThere, failed);
            }
        }
        Summary summary = new Summary(copied, alreadyThere, failed);
        log.info("Image files moved: {} copied, {} already there, {} failed", copied, alreadyThere, failed);
        return summary;
    }

    private enum Result { COPIED, ALREADY_THERE, FAILED }

    private Result migrate(Path file) {
        String key = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        try {
            byte[] bytes = Files.readAllBytes(file);
            String sha256 = ImageKeys.sha256(bytes);
            if (!key.startsWith(ImageKeys.THUMBNAILS) && !key.endsWith("/" + sha256 + "." + extension(key))) {
                log.error("Not copied: {} does not match its name (damaged file?)", key);
                return Result.FAILED;
            }
            if (holds(key, sha256)) {
                return Result.ALREADY_THERE;
            }
            bucket.put(key, bytes, contentType(key));
            if (!holds(key, sha256)) {
                log.error("Copied {} but the bucket returns different bytes", key);
                return Result.FAILED;
            }
            return Result.COPIED;
        } catch (IOException | RuntimeException e) {
            log.error("Not copied: {} ({})", key, e.toString());
            return Result.FAILED;
        }
    }

    private boolean holds(String key, String sha256) {
        Optional<ImageBucket.Entry> there = bucket.find(key);
        return there.isPresent() && sha256.equals(ImageKeys.sha256(bucket.read(key)));
    }

    /** Every stored image file in a stable order; files still being written (temp names) are not images yet. */
    private List<Path> files() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the images under " + root, e);
        }
    }

    private static String extension(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    private static String contentType(String key) {
        return ImageFormat.fromExtension(extension(key)).map(ImageFormat::mimeType).orElse("application/octet-stream");
    }
}
