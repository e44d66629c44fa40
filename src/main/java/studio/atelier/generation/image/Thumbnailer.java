package studio.atelier.generation.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import net.coobird.thumbnailator.Thumbnails;

/**
 * Makes the gallery thumbnail: a JPEG at most {@code width} pixels wide. Transparent images are painted
 * onto white because JPEG has no alpha and would otherwise show black backgrounds.
 *
 * <p>Only call it for images the {@link ImageInspector} accepted; it decodes pixels.
 */
class Thumbnailer {

    static final ImageFormat FORMAT = ImageFormat.JPEG;

    private static final float JPEG_QUALITY = 0.85f;

    private final int width;

    Thumbnailer(int width) {
        this.width = width;
    }

    byte[] thumbnail(byte[] bytes, InspectedImage image) {
        BufferedImage decoded = decode(bytes, image);
        int targetWidth = Math.min(width, decoded.getWidth());
        double scale = (double) targetWidth / decoded.getWidth();
        int targetHeight = Math.max(1, (int) Math.round(decoded.getHeight() * scale));
        try {
            BufferedImage scaled = Thumbnails.of(decoded).forceSize(targetWidth, targetHeight).asBufferedImage();
            BufferedImage opaque = new BufferedImage(targetWidth, targetHeight, BufferedImage.TYPE_INT_RGB);
            Graphics2D graphics = opaque.createGraphics();
            try {
                graphics.setColor(Color.WHITE);
                graphics.fillRect(0, 0, targetWidth, targetHeight);
                graphics.drawImage(scaled, 0, 0, null);
            } finally {
                graphics.dispose();
            }
            return jpeg(opaque);
        } catch (IOException e) {
            throw new ImageRejected(ImageRejected.Reason.NOT_AN_IMAGE, "cannot scale image", e);
        }
    }

    /**
     * Decodes with source subsampling so that at most about twice the thumbnail width is held in memory,
     * whatever the original resolution.
     */
    private BufferedImage decode(byte[] bytes, InspectedImage image) {
        ImageReader reader = ImageInspector.readerFor(bytes, image.format());
        try {
            ImageReadParam param = reader.getDefaultReadParam();
            int step = Math.max(1, image.width() / (width * 2));
            param.setSourceSubsampling(step, step, 0, 0);
            BufferedImage decoded = reader.read(0, param);
            if (decoded == null || decoded.getWidth() <= 0 || decoded.getHeight() <= 0) {
                throw new ImageRejected(ImageRejected.Reason.NOT_AN_IMAGE, "decoder returned no pixels");
            }
            return decoded;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageRejected rejected) {
                throw rejected;
            }
            throw new ImageRejected(ImageRejected.Reason.NOT_AN_IMAGE, "cannot decode " + image.format(), e);
        } finally {
            reader.dispose();
        }
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
