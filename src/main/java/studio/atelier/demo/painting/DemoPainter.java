package studio.atelier.demo.painting;

import static studio.atelier.demo.painting.Palette.brighter;
import static studio.atelier.demo.painting.Palette.mix;
import static studio.atelier.demo.painting.Palette.withAlpha;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

import javax.imageio.ImageIO;

/**
 * Paints the demo provider's pictures: a 512×512 landscape (mountains, dunes or sea under a sky with a sun or moon)
 * whose palette and composition come from the SHA-256 of prompt and variant. Same input, same bytes; different
 * prompts look clearly different. It is the first thing a new user sees, so it aims to be pleasant, not random.
 * Uses only off-screen Java2D and works headless.
 */
public final class DemoPainter {

    public static final int SIZE = 512;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DemoPainter.class);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    public byte[] paint(String prompt, int variant) {
        byte[] seed = sha256((prompt == null ? "" : prompt) + "#" + variant);
        Random random = new Random(ByteBuffer.wrap(seed).getLong());
        Palette palette = Palette.from(random);

        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);

            float horizon = SIZE * (0.52f + random.nextFloat() * 0.14f);
            paintSky(g, palette, horizon);
            if (palette.night) {
                paintStars(g, random, horizon);
            }
            float sunX = SIZE * (0.2f + random.nextFloat() * 0.6f);
            float sunY = horizon - SIZE * (0.08f + random.nextFloat() * 0.22f);
            float sunRadius = SIZE * (0.06f + random.nextFloat() * 0.06f);
            paintSun(g, palette, sunX, sunY, sunRadius);
            paintRibbons(g, random, palette, horizon);
            paintClouds(g, random, palette, horizon);
            switch (random.nextInt(3)) {
                case 0 -> Landforms.paintMountains(g, random, palette, horizon);
                case 1 -> Landforms.paintDunes(g, random, palette, horizon);
                default -> Landforms.paintSea(g, random, palette, horizon, sunX, sunRadius);
            }
            paintVignette(g);
        } finally {
            g.dispose();
        }
        return encode(image);
    }

    /**
     * Java2D and ImageIO register JVM shutdown hooks when first used; first used during a shutdown they fail, and a demo
     * generation still running when the node is stopped would be lost. Painting once at start also makes the first real
     * reply faster.
     */
    public void warmUp() {
        try {
            paint("warm-up", 0);
        } catch (RuntimeException e) {
            log.debug("Demo painter warm-up failed: {}", e.toString());
        }
    }

    private static void paintSky(Graphics2D g, Palette p, float horizon) {
        g.setPaint(new LinearGradientPaint(0, 0, 0, horizon + 2,
                new float[] {0f, 0.55f, 1f}, new Color[] {p.skyTop, p.skyMiddle, p.glow}));
        g.fillRect(0, 0, SIZE, SIZE);
    }

    private static void paintStars(Graphics2D g, Random random, float horizon) {
        int count = 60 + random.nextInt(60);
        for (int i = 0; i < count; i++) {
            float x = random.nextFloat() * SIZE;
            float y = random.nextFloat() * horizon * 0.8f;
            float r = 0.4f + random.nextFloat() * 1.2f;
            g.setColor(new Color(1f, 1f, 1f, 0.25f + random.nextFloat() * 0.6f * (1 - y / horizon)));
            g.fill(new Ellipse2D.Float(x - r, y - r, 2 * r, 2 * r));
        }
    }

    private static void paintSun(Graphics2D g, Palette p, float x, float y, float r) {
        Color halo = p.sun;
        g.setPaint(new RadialGradientPaint(new Point2D.Float(x, y), r * 5f, new float[] {0f, 0.25f, 1f},
                new Color[] {withAlpha(halo, 0.55f), withAlpha(halo, 0.18f), withAlpha(halo, 0f)}));
        g.fill(new Ellipse2D.Float(x - r * 5, y - r * 5, r * 10, r * 10));
        g.setPaint(new RadialGradientPaint(new Point2D.Float(x - r * 0.3f, y - r * 0.3f), r * 1.3f,
                new float[] {0f, 1f}, new Color[] {brighter(halo, 0.6f), halo}));
        g.fill(new Ellipse2D.Float(x - r, y - r, 2 * r, 2 * r));
    }

    /** Wide translucent curves across the sky, like wind or an aurora: they give the picture movement. */
    private static void paintRibbons(Graphics2D g, Random random, Palette p, float horizon) {
        int count = 2 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            float y0 = horizon * (0.15f + random.nextFloat() * 0.6f);
            Path2D.Float path = new Path2D.Float();
            path.moveTo(-40, y0);
            path.curveTo(SIZE * 0.3f, y0 + (random.nextFloat() - 0.5f) * 220,
                    SIZE * 0.7f, y0 + (random.nextFloat() - 0.5f) * 220,
                    SIZE + 40, y0 + (random.nextFloat() - 0.5f) * 140);
            Color c = i % 2 == 0 ? p.accent : brighter(p.skyMiddle, 0.5f);
            for (int layer = 0; layer < 3; layer++) {
                g.setStroke(new BasicStroke(10f + layer * 16f + random.nextFloat() * 10f, BasicStroke.CAP_ROUND,
                        BasicStroke.JOIN_ROUND));
                g.setColor(withAlpha(c, 0.10f - layer * 0.025f));
                g.draw(path);
            }
        }
    }

    private static void paintClouds(Graphics2D g, Random random, Palette p, float horizon) {
        int clouds = 1 + random.nextInt(4);
        for (int i = 0; i < clouds; i++) {
            float cx = random.nextFloat() * SIZE;
            float cy = horizon * (0.2f + random.nextFloat() * 0.6f);
            float w = 70 + random.nextFloat() * 110;
            Color tint = mix(Color.WHITE, p.glow, 0.35f);
            for (int puff = 0; puff < 7; puff++) {
                float pw = w * (0.45f + random.nextFloat() * 0.5f);
                float ph = pw * (0.35f + random.nextFloat() * 0.2f);
                float px = cx + (random.nextFloat() - 0.5f) * w;
                float py = cy + (random.nextFloat() - 0.5f) * ph * 0.6f;
                // A round gradient squashed vertically gives a flat, soft-edged puff.
                java.awt.geom.AffineTransform saved = g.getTransform();
                g.translate(px, py);
                g.scale(1, ph / pw);
                g.setPaint(new RadialGradientPaint(new Point2D.Float(0, 0), pw / 2, new float[] {0f, 1f},
                        new Color[] {withAlpha(tint, 0.32f), withAlpha(tint, 0f)}));
                g.fill(new Ellipse2D.Float(-pw / 2, -pw / 2, pw, pw));
                g.setTransform(saved);
            }
        }
    }


    private static void paintVignette(Graphics2D g) {
        g.setPaint(new RadialGradientPaint(new Point2D.Float(SIZE / 2f, SIZE / 2f), SIZE * 0.75f,
                new float[] {0f, 0.6f, 1f},
                new Color[] {new Color(0, 0, 0, 0), new Color(0, 0, 0, 0), new Color(0, 0, 0, 110)},
                MultipleGradientPaint.CycleMethod.NO_CYCLE));
        g.fillRect(0, 0, SIZE, SIZE);
    }

    private static byte[] encode(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
