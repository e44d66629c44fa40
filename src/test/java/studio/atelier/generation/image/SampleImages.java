package studio.atelier.generation.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import javax.imageio.ImageIO;

/** Real, small images for tests, plus hand-made headers that lie about their size. */
final class SampleImages {

    /** 1×1 lossless WebP (VP8L), as browsers use for feature detection. */
    static final byte[] WEBP_LOSSLESS_1X1 = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");

    /** 1×1 lossy WebP (VP8). */
    static final byte[] WEBP_LOSSY_1X1 = Base64.getDecoder().decode("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");

    private SampleImages() {
    }

    /**
     * A 2000×1200 WebP made with {@code cwebp}: transparent, with a red 1000×600 rectangle in the middle.
     * Twelvemonkeys can read WebP but not write it, hence files.
     */
    static byte[] webp(String kind) {
        String name = "/images/red-on-transparent-2000x1200-" + kind + ".webp";
        try (java.io.InputStream in = SampleImages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing test image " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] png(int width, int height) {
        return encode(gradient(width, height, BufferedImage.TYPE_INT_RGB), "png");
    }

    /** Fully transparent except for a red square in the middle. */
    static byte[] transparentPng(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.RED);
        graphics.fillRect(width / 4, height / 4, width / 2, height / 2);
        graphics.dispose();
        return encode(image, "png");
    }

    static byte[] jpeg(int width, int height) {
        return encode(gradient(width, height, BufferedImage.TYPE_INT_RGB), "jpeg");
    }

    static byte[] gif(int width, int height) {
        return encode(gradient(width, height, BufferedImage.TYPE_BYTE_INDEXED), "gif");
    }

    /**
     * A syntactically valid PNG whose IHDR claims the given size while the IDAT holds only a few
     * compressed bytes: the shape of a decompression bomb.
     */
    static byte[] pngHeaderClaiming(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt(width).putInt(height);
        ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0); // 8-bit RGB, no interlace
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", deflate(new byte[1024]));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        byte[] buffer = new byte[256];
        int length = deflater.deflate(buffer);
        deflater.end();
        return java.util.Arrays.copyOf(buffer, length);
    }

    private static BufferedImage gradient(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D graphics = image.createGraphics();
        for (int x = 0; x < width; x++) {
            graphics.setColor(new Color((x * 255) / Math.max(1, width - 1), 80, 160));
            graphics.drawLine(x, 0, x, height - 1);
        }
        graphics.dispose();
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("No ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
