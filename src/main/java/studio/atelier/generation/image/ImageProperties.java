package studio.atelier.generation.image;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits and locations for generated images.
 *
 * @param storageRoot     directory of the file system image store
 * @param maxImageSize    largest accepted image, checked while downloading
 * @param maxDimension    largest accepted width or height in pixels
 * @param maxPixels       largest accepted width × height; 8192 × 8192 by default; thumbnails are made with subsampling, so the full image is never decoded at once
 * @param thumbnailWidth  thumbnails are scaled down to this width
 * @param connectTimeout  TCP/TLS connect timeout per download hop
 * @param downloadTimeout the whole download, redirects included
 * @param maxRedirects    redirect hops followed before giving up
 */
@ConfigurationProperties("atelier.generation.images")
public record ImageProperties(
        @DefaultValue("data/images") Path storageRoot,
        @DefaultValue("20MB") DataSize maxImageSize,
        @DefaultValue("8192") int maxDimension,
        @DefaultValue("67108864") long maxPixels,
        @DefaultValue("384") int thumbnailWidth,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("60s") Duration downloadTimeout,
        @DefaultValue("3") int maxRedirects) {

    public ImageProperties {
        if (maxImageSize.toBytes() <= 0 || maxDimension <= 0 || maxPixels <= 0 || thumbnailWidth <= 0
                || maxRedirects < 0 || connectTimeout.isNegative() || connectTimeout.isZero()
                || downloadTimeout.isNegative() || downloadTimeout.isZero()) {
            throw new IllegalArgumentException("Image limits must be positive");
        }
    }

    /** The same values as the {@code @DefaultValue}s, for code that is not bound by Spring. */
    public static ImageProperties defaults() {
        return new ImageProperties(Path.of("data/images"), DataSize.ofMegabytes(20), 8192, 67_108_864L, 384,
                Duration.ofSeconds(10), Duration.ofSeconds(60), 3);
    }

    ImageProperties withStorageRoot(Path root) {
        return new ImageProperties(root, maxImageSize, maxDimension, maxPixels, thumbnailWidth, connectTimeout,
                downloadTimeout, maxRedirects);
    }

    ImageProperties withDownloadTimeout(Duration timeout) {
        return new ImageProperties(storageRoot, maxImageSize, maxDimension, maxPixels, thumbnailWidth,
                connectTimeout, timeout, maxRedirects);
    }

    ImageProperties withMaxPixels(long pixels) {
        return new ImageProperties(storageRoot, maxImageSize, maxDimension, pixels, thumbnailWidth, connectTimeout,
                downloadTimeout, maxRedirects);
    }
}
