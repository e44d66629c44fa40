package studio.atelier.generation.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import studio.atelier.support.S3Server;

/** Moving an install's image files into a bucket: copied, proven by hash, and safe to run again or after a break. */
class ImageMigrationTest {

    static S3Server server;
    static int buckets;

    @TempDir
    Path root;

    private String bucketName;
    private ImageBucket bucket;
    private final List<StoredImage> images = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        server = S3Server.running();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void anInstallWithImagesOnDisk() {
        FileSystemImageStore disk = new FileSystemImageStore(root);
        images.add(disk.put(SampleImages.png(120, 80), ImageFormat.PNG));
        images.add(disk.put(SampleImages.jpeg(90, 90), ImageFormat.JPEG));
        bucketName = "moved-" + ++buckets;
        bucket = S3ImageStoreTest.connect(S3ImageStoreTest.settings(server, bucketName, "", false));
    }

    @AfterEach
    void close() {
        bucket.close();
    }

    @Test
    void copiesEveryImageAndThumbnailSoTheS3StoreServesTheSameBytes() throws IOException {
        ImageMigration.Summary summary = new ImageMigration(root, bucket).run();

        assertThat(summary).isEqualTo(new ImageMigration.Summary(4, 0, 0));
        S3ImageStore s3 = new S3ImageStore(bucket, ImageProperties.defaults());
        FileSystemImageStore disk = new FileSystemImageStore(root);
        for (StoredImage image : images) {
            for (ImageStore.Variant variant : ImageStore.Variant.values()) {
                ImageBlob moved = s3.find(image.sha256(), variant).orElseThrow();
                ImageBlob original = disk.find(image.sha256(), variant).orElseThrow();
                assertThat(moved.format()).isEqualTo(original.format());
                assertThat(bytes(moved)).isEqualTo(bytes(original));
            }
        }
    }

    @Test
    void runningItAgainCopiesNothing() {
        new ImageMigration(root, bucket).run();

        assertThat(new ImageMigration(root, bucket).run()).isEqualTo(new ImageMigration.Summary(0, 4, 0));
    }

    @Test
    void anInterruptedRunIsResumedAndAWrongObjectIsReplaced() throws IOException {
        new ImageMigration(root, bucket).run();
        // as if the first run had stopped half way, and one object had been damaged in the bucket
        String missing = ImageKeys.original(images.get(0).sha256(), ImageFormat.PNG);
        String damaged = ImageKeys.thumbnail(images.get(1).sha256());
        server.blobs().removeBlob(bucketName, missing);
        server.blobs().putBlob(bucketName, server.blobs().blobBuilder(damaged).payload("half".getBytes()).build());

        ImageMigration.Summary resumed = new ImageMigration(root, bucket).run();

        assertThat(resumed).isEqualTo(new ImageMigration.Summary(2, 2, 0));
        assertThat(bucket.read(missing)).isEqualTo(Files.readAllBytes(root.resolve(missing)));
        assertThat(bucket.read(damaged)).isEqualTo(Files.readAllBytes(root.resolve(damaged)));
    }

    @Test
    void aDamagedFileIsReportedNotCopiedAndTheModeExitsWithAFailure() throws IOException {
        String key = ImageKeys.original(images.get(0).sha256(), ImageFormat.PNG);
        Files.write(root.resolve(key), new byte[] {1, 2, 3});
        List<Integer> exits = new ArrayList<>();

        new ImageMigrationRunner(new ImageMigration(root, bucket), exits::add).run(null);

        assertThat(exits).containsExactly(1);
        assertThat(bucket.find(key)).isEmpty();
        assertThat(new ImageMigration(root, bucket).run()).isEqualTo(new ImageMigration.Summary(0, 3, 1));
    }

    @Test
    void aCompleteRunExitsWithSuccess() {
        List<Integer> exits = new ArrayList<>();

        new ImageMigrationRunner(new ImageMigration(root, bucket), exits::add).run(null);

        assertThat(exits).containsExactly(0);
    }

    private static byte[] bytes(ImageBlob blob) throws IOException {
        try (InputStream in = blob.open()) {
            return in.readAllBytes();
        }
    }
}
