package studio.atelier.generation.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import studio.atelier.support.S3Server;

/** The object-storage image store against a real S3 API (s3proxy in this JVM). */
class S3ImageStoreTest {

    static S3Server server;
    static final AtomicInteger BUCKETS = new AtomicInteger();

    private final AtomicInteger thumbnailsMade = new AtomicInteger();
    private String bucketName;
    private ImageBucket bucket;
    private S3ImageStore store;

    @BeforeAll
    static void startServer() {
        server = S3Server.running();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static ImageStorageProperties.S3 settings(S3Server server, String bucket, String prefix, boolean presigned) {
        return new ImageStorageProperties.S3(server.endpoint(), "us-east-1", bucket, S3Server.ACCESS_KEY, S3Server.SECRET_KEY,
                null, prefix, presigned, Duration.ofSeconds(60));
    }

    @BeforeEach
    void connect() {
        bucketName = "images-" + BUCKETS.incrementAndGet();
        bucket = connect(settings(server, bucketName, "atelier", false));
        Thumbnailer counting = new Thumbnailer(384) {
            @Override
            byte[] thumbnail(byte[] bytes, InspectedImage image) {
                thumbnailsMade.incrementAndGet();
                return super.thumbnail(bytes, image);
            }
        };
        store = new S3ImageStore(bucket, new ImageInspector(ImageProperties.defaults()), counting);
    }

    static ImageBucket connect(ImageStorageProperties.S3 settings) {
        ImageBucket bucket = ImageBucket.connect(settings);
        bucket.ensureExists();
        return bucket;
    }

    @AfterEach
    void close() {
        bucket.close();
    }

    @Test
    void aMissingBucketIsCreatedAndImagesAreKeptUnderTheFileSystemKeysBelowThePrefix() throws IOException {
        assertThat(server.blobs().containerExists(bucketName)).isTrue();
        byte[] png = SampleImages.png(800, 600);

        StoredImage stored = store.put(png, ImageFormat.PNG);

        String sha = ImageKeys.sha256(png);
        assertThat(stored).isEqualTo(new StoredImage(sha, ImageFormat.PNG, png.length, 800, 600));
        String shard = sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/";
        assertThat(server.blobs().blobExists(bucketName, "atelier/" + shard + sha + ".png")).isTrue();
        assertThat(server.blobs().blobExists(bucketName, "atelier/thumbs/" + shard + sha + ".jpg")).isTrue();

        ImageBlob original = store.find(sha, ImageStore.Variant.ORIGINAL).orElseThrow();
        assertThat(original.contentType()).isEqualTo("image/png");
        assertThat(original.size()).isEqualTo(png.length);
        try (InputStream in = original.open()) {
            assertThat(in.readAllBytes()).isEqualTo(png);
        }
        ImageBlob thumbnail = store.find(sha, ImageStore.Variant.THUMBNAIL).orElseThrow();
        assertThat(thumbnail.contentType()).isEqualTo("image/jpeg");
        try (InputStream in = thumbnail.open()) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(in.readAllBytes()));
            assertThat(image.getWidth()).isEqualTo(384);
        }
        assertThat(original.directLink(null)).as("bytes come through Atelier unless redirects are on").isEmpty();
        assertThat(store.redirectOrigin()).isEmpty();
    }

    @Test
    void storingTheSameBytesAgainWritesNothingAndMakesNoSecondThumbnail() throws IOException {
        byte[] jpeg = SampleImages.jpeg(640, 480);
        StoredImage first = store.put(jpeg, ImageFormat.JPEG);
        String key = "atelier/" + ImageKeys.original(first.sha256(), ImageFormat.JPEG);
        // Swapped behind the store's back: a second PUT would bring the real bytes back.
        byte[] marker = "already here".getBytes();
        server.blobs().putBlob(bucketName, server.blobs().blobBuilder(key).payload(marker).build());

        StoredImage second = store.put(jpeg, ImageFormat.JPEG);

        assertThat(second).isEqualTo(first);
        assertThat(thumbnailsMade).hasValue(1);
        try (InputStream in = store.find(first.sha256(), ImageStore.Variant.ORIGINAL).orElseThrow().open()) {
            assertThat(in.readAllBytes()).isEqualTo(marker);
        }
    }

    @Test
    void unknownOrMalformedKeysFindNothingAndDeleteRemovesBothRenditions() {
        assertThat(store.find("0".repeat(64), ImageStore.Variant.ORIGINAL)).isEmpty();
        assertThat(store.find("0".repeat(64), ImageStore.Variant.THUMBNAIL)).isEmpty();
        assertThat(store.find("../../etc/passwd", ImageStore.Variant.ORIGINAL)).isEmpty();
        StoredImage stored = store.put(SampleImages.png(50, 50), ImageFormat.PNG);

        store.delete(stored.sha256());
        store.delete("not-a-key");

        assertThat(store.find(stored.sha256(), ImageStore.Variant.ORIGINAL)).isEmpty();
        assertThat(store.find(stored.sha256(), ImageStore.Variant.THUMBNAIL)).isEmpty();
    }

    @Test
    void aStoreThatIsDownSaysSoAndWorksAgainWhenItIsBack() {
        StoredImage stored = store.put(SampleImages.png(60, 60), ImageFormat.PNG);
        server.stop();
        try {
            assertThatThrownBy(() -> store.find(stored.sha256(), ImageStore.Variant.THUMBNAIL)).isInstanceOf(ImageStoreUnavailable.class);
            assertThatThrownBy(() -> store.put(SampleImages.png(70, 70), ImageFormat.PNG)).isInstanceOf(ImageStoreUnavailable.class)
                    .hasMessageNotContaining(S3Server.SECRET_KEY);
        } finally {
            server.start();
        }
        assertThat(store.find(stored.sha256(), ImageStore.Variant.THUMBNAIL)).isPresent();
        assertThat(store.put(SampleImages.png(70, 70), ImageFormat.PNG).width()).isEqualTo(70);
    }

    @Test
    void signedLinksServeTheBytesWithoutCredentialsAndNameDownloads() throws Exception {
        try (ImageBucket signing = connect(settings(server, bucketName, "atelier", true))) {
            S3ImageStore redirecting = new S3ImageStore(signing, ImageProperties.defaults());
            byte[] png = SampleImages.png(90, 90);
            StoredImage stored = redirecting.put(png, ImageFormat.PNG);
            ImageBlob original = redirecting.find(stored.sha256(), ImageStore.Variant.ORIGINAL).orElseThrow();

            URI link = original.directLink(null).orElseThrow();
            URI download = original.directLink("atelier-7-1.png").orElseThrow();

            assertThat(redirecting.redirectOrigin()).contains(server.endpoint());
            assertThat(link.toString()).startsWith(server.endpoint() + "/" + bucketName + "/atelier/").contains("X-Amz-Signature=");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<byte[]> viewed = http.send(HttpRequest.newBuilder(link).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(viewed.statusCode()).isEqualTo(200);
            assertThat(viewed.body()).isEqualTo(png);
            HttpResponse<byte[]> downloaded = http.send(HttpRequest.newBuilder(download).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(downloaded.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                    value -> assertThat(value).contains("attachment").contains("atelier-7-1.png"));
            URI unsigned = URI.create(link.toString().replaceAll("\\?.*", ""));
            assertThat(http.send(HttpRequest.newBuilder(unsigned).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                    .isEqualTo(403);
        }
    }
}
