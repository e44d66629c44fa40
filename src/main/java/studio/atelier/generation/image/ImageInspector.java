package studio.atelier.generation.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decides whether bytes are an image Atelier is willing to keep, looking only at magic bytes and the
 * header. Pixels are never decoded here, so a decompression bomb costs a few header bytes to refuse.
 */
final class ImageInspector {

    static {
        // ImageIO registers plugins from the class path it saw first; inside a Spring Boot jar the WebP
        // reader is only found after a rescan with the application's class loader.
        ImageIO.scanForPlugins();
    }

    private final long maxBytes;
    private final int maxDimension;
    private final long maxPixels;

    ImageInspector(ImageProperties properties) {
        this.maxBytes = properties.maxImageSize().toBytes();
        this.maxDimension = properties.maxDimension();
        this.maxPixels = properties.maxPixels();
    }

    long maxBytes() {
        return maxBytes;
    }

    /** @throws ImageRejected when the bytes are too large, not an image, or claim too many pixels */
    InspectedImage inspect(byte[] bytes) {
        if (bytes.length > maxBytes) {
            throw new ImageRejected(ImageRejected.Reason.TOO_LARGE, bytes.length + " bytes", megabytes(maxBytes));
        }
        ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(() ->
                new ImageRejected(ImageRejected.Reason.NOT_AN_IMAGE, "no known image signature"));
        int width;
        int height;
        ImageReader reader = readerFor(bytes, format);
        try {
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw new ImageRejected(ImageRejected.Reason.NOT_AN_IMAGE, "unreadable " + format + " header", e);
        } finally {
            reader.dispose();
        }
        if (width <= 0 || height <= 0) {
            throw new ImageRejected(ImageRejected.Reason.NOT_AN_IMAGE, "empty image " + width + "x" + height);
        }
        if (width > maxDimension || height > maxDimension || (long) width * height > maxPixels) {
            throw new ImageRejected(ImageRejected.Reason.TOO_MANY_PIXELS, width + "x" + height,
                    maxDimension, maxPixels / 1_000_000);
        }
        return new InspectedImage(format, width, height);
    }

    /** Which ImageIO plug-in reads each format: looking it up in the registry costs more than reading a header. */
    private static final java.util.Map<ImageFormat, javax.imageio.spi.ImageReaderSpi> PLUGINS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * An ImageIO reader positioned on the bytes. Memory-cached input on purpose: the default stream
     * factory may spill to temp files.
     */
    static ImageReader readerFor(byte[] bytes, ImageFormat format) {
        ImageReader reader;
        javax.imageio.spi.ImageReaderSpi plugin = PLUGINS.get(format);
        try {
            if (plugin != null) {
                reader = plugin.createReaderInstance();
            } else {
                Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
                if (!readers.hasNext()) {
                    throw new ImageRejected(ImageRejected.Reason.NOT_AN_IMAGE, "no ImageIO reader for " + format);
                }
                reader = readers.next();
                if (reader.getOriginatingProvider() != null) {
                    PLUGINS.put(format, reader.getOriginatingProvider());
                }
            }
        } catch (IOException e) {
            throw new ImageRejected(ImageRejected.Reason.NOT_AN_IMAGE, "no ImageIO reader for " + format, e);
        }
        reader.setInput(new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)), true, true);
        return reader;
    }

    static long megabytes(long bytes) {
        return bytes / (1024 * 1024);
    }
}
