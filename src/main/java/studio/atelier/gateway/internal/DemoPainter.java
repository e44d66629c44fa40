package studio.atelier.gateway.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.GeneralPath;
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
                case 0 -> paintMountains(g, random, palette, horizon);
                case 1 -> paintDunes(g, random, palette, horizon);
                default -> paintSea(g, random, palette, horizon, sunX, sunRadius);
            }
            paintVignette(g);
        } finally {
            g.dispose();
        }
        return encode(image);
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

    /** Ridges fade into the haze with distance (aerial perspective), from the glow colour to the ground colour. */
    private static void paintMountains(Graphics2D g, Random random, Palette p, float horizon) {
        int layers = 4 + random.nextInt(2);
        for (int i = 0; i < layers; i++) {
            float depth = (i + 1f) / layers;
            float base = horizon - SIZE * 0.16f + depth * SIZE * 0.30f;
            float amplitude = SIZE * (0.20f - depth * 0.10f);
            float[] ridge = ridge(random, 65, 0.55f);
            GeneralPath path = new GeneralPath();
            path.moveTo(0, SIZE);
            for (int k = 0; k < ridge.length; k++) {
                path.lineTo(k * SIZE / (ridge.length - 1f), base - ridge[k] * amplitude);
            }
            path.lineTo(SIZE, SIZE);
            path.closePath();
            Color top = mix(p.glow, p.ground, 0.25f + depth * 0.75f);
            Color bottom = mix(top, p.ground, 0.5f);
            g.setPaint(new GradientPaint(0, base - amplitude, top, 0, SIZE, bottom));
            g.fill(path);
            g.setPaint(new GradientPaint(0, base - amplitude, withAlpha(p.glow, 0f), 0, base + 30,
                    withAlpha(p.glow, 0.18f * (1 - depth))));
            g.fill(path);
        }
    }

    private static void paintDunes(Graphics2D g, Random random, Palette p, float horizon) {
        int layers = 3 + random.nextInt(2);
        for (int i = 0; i < layers; i++) {
            float depth = (i + 1f) / layers;
            float base = horizon - 10 + depth * SIZE * 0.28f;
            float amplitude = 18 + random.nextFloat() * 26;
            float f1 = 1 + random.nextFloat() * 2.2f;
            float f2 = 2.5f + random.nextFloat() * 3f;
            float ph1 = random.nextFloat() * 6.3f;
            float ph2 = random.nextFloat() * 6.3f;
            GeneralPath path = new GeneralPath();
            path.moveTo(0, SIZE);
            for (int x = 0; x <= SIZE; x += 4) {
                double t = x / (double) SIZE * Math.PI;
                path.lineTo(x, base - amplitude * (Math.sin(t * f1 + ph1) + 0.35 * Math.sin(t * f2 + ph2)));
            }
            path.lineTo(SIZE, SIZE);
            path.closePath();
            Color light = mix(p.glow, p.sand, 0.35f + depth * 0.5f);
            Color shade = mix(light, p.ground, 0.35f + depth * 0.35f);
            g.setPaint(new GradientPaint(0, base - amplitude, light, SIZE * 0.3f, base + 80, shade));
            g.fill(path);
        }
    }

    private static void paintSea(Graphics2D g, Random random, Palette p, float horizon, float sunX, float sunRadius) {
        float islandBase = horizon + 1;
        if (random.nextBoolean()) {
            float[] ridge = ridge(random, 33, 0.6f);
            float start = random.nextFloat() * SIZE * 0.5f;
            float width = SIZE * (0.3f + random.nextFloat() * 0.4f);
            GeneralPath island = new GeneralPath();
            island.moveTo(start, islandBase);
            for (int k = 0; k < ridge.length; k++) {
                float envelope = (float) Math.sin(Math.PI * k / (ridge.length - 1));
                island.lineTo(start + k * width / (ridge.length - 1), islandBase - envelope * (12 + ridge[k] * 40));
            }
            island.closePath();
            g.setColor(mix(p.glow, p.ground, 0.55f));
            g.fill(island);
        }
        g.setPaint(new LinearGradientPaint(0, horizon, 0, SIZE, new float[] {0f, 0.35f, 1f},
                new Color[] {mix(p.glow, p.water, 0.4f), p.water, mix(p.water, Color.BLACK, 0.45f)}));
        g.fill(new java.awt.geom.Rectangle2D.Float(0, horizon, SIZE, SIZE - horizon));
        // The sun's path on the water: short bright strokes that widen towards the viewer.
        for (float y = horizon + 3; y < SIZE; y += 3 + (y - horizon) * 0.04f) {
            float spread = sunRadius * (0.8f + (y - horizon) / (SIZE - horizon) * 2.2f);
            float w = spread * (0.3f + random.nextFloat() * 0.9f);
            float x = sunX + (random.nextFloat() - 0.5f) * spread;
            g.setColor(withAlpha(p.sun, 0.12f + 0.35f * (1 - (y - horizon) / (SIZE - horizon))));
            g.fill(new java.awt.geom.RoundRectangle2D.Float(x - w / 2, y, w, 1.6f, 2, 2));
        }
        g.setStroke(new BasicStroke(1.3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int i = 0; i < 26; i++) {
            float y = horizon + (float) Math.pow(random.nextFloat(), 1.6) * (SIZE - horizon);
            float x = random.nextFloat() * SIZE;
            float w = 10 + (y - horizon) * 0.25f;
            Path2D.Float wave = new Path2D.Float();
            wave.moveTo(x - w, y);
            wave.quadTo(x, y - 2 - w * 0.05f, x + w, y);
            g.setColor(withAlpha(brighter(p.water, 0.5f), 0.25f));
            g.draw(wave);
        }
    }

    private static void paintVignette(Graphics2D g) {
        g.setPaint(new RadialGradientPaint(new Point2D.Float(SIZE / 2f, SIZE / 2f), SIZE * 0.75f,
                new float[] {0f, 0.6f, 1f},
                new Color[] {new Color(0, 0, 0, 0), new Color(0, 0, 0, 0), new Color(0, 0, 0, 110)},
                MultipleGradientPaint.CycleMethod.NO_CYCLE));
        g.fillRect(0, 0, SIZE, SIZE);
    }

    /** Midpoint displacement: values in about 0..1, jagged like a mountain ridge. */
    private static float[] ridge(Random random, int points, float roughness) {
        float[] h = new float[points];
        h[0] = random.nextFloat();
        h[points - 1] = random.nextFloat();
        displace(h, 0, points - 1, 0.7f, roughness, random);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : h) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        for (int i = 0; i < points; i++) {
            h[i] = max > min ? (h[i] - min) / (max - min) : 0.5f;
        }
        return h;
    }

    private static void displace(float[] h, int from, int to, float spread, float roughness, Random random) {
        if (to - from < 2) {
            return;
        }
        int mid = (from + to) / 2;
        h[mid] = (h[from] + h[to]) / 2 + (random.nextFloat() - 0.5f) * spread;
        displace(h, from, mid, spread * roughness, roughness, random);
        displace(h, mid, to, spread * roughness, roughness, random);
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

    static Color withAlpha(Color c, float alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), Math.round(Math.max(0, Math.min(1, alpha)) * 255));
    }

    static Color mix(Color a, Color b, float t) {
        float u = Math.max(0, Math.min(1, t));
        return new Color(Math.round(a.getRed() + (b.getRed() - a.getRed()) * u),
                Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * u),
                Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * u));
    }

    static Color brighter(Color c, float t) {
        return mix(c, Color.WHITE, t);
    }

    /** Colours from one base hue: analogous sky, a warm or complementary glow, deep ground. */
    private static final class Palette {
        Color skyTop;
        Color skyMiddle;
        Color glow;
        Color sun;
        Color accent;
        Color ground;
        Color sand;
        Color water;
        boolean night;

        static Palette from(Random random) {
            Palette p = new Palette();
            // Sky hues from teal through blue and violet to rose; yellow-green skies at dusk look muddy.
            float hue = 0.45f + random.nextFloat() * 0.57f;
            float glowHue = switch (random.nextInt(3)) {
                case 0 -> hue + 0.5f;        // complementary
                case 1 -> hue - 0.12f;       // analogous, warmer
                default -> hue + 0.33f;      // triadic
            };
            glowHue = warmTowardsSunset(glowHue);
            p.night = random.nextInt(4) == 0;
            float skyBrightness = p.night ? 0.22f : 0.42f;
            p.skyTop = Color.getHSBColor(hue, 0.62f, skyBrightness);
            p.skyMiddle = Color.getHSBColor(hue + 0.04f, 0.45f, p.night ? 0.45f : 0.78f);
            p.glow = Color.getHSBColor(glowHue, p.night ? 0.35f : 0.42f, p.night ? 0.7f : 0.98f);
            p.sun = Color.getHSBColor(glowHue + 0.02f, p.night ? 0.08f : 0.3f, 1f);
            p.accent = Color.getHSBColor(hue + 0.5f, 0.35f, 1f);
            p.ground = Color.getHSBColor(hue + 0.06f, 0.55f, p.night ? 0.12f : 0.2f);
            p.sand = Color.getHSBColor(glowHue, 0.45f, p.night ? 0.5f : 0.85f);
            p.water = Color.getHSBColor(hue + 0.02f, 0.6f, p.night ? 0.3f : 0.5f);
            return p;
        }

        /** Pulls a hue a little towards orange/pink so the horizon glow reads as light, not as paint. */
        private static float warmTowardsSunset(float hue) {
            float h = hue - (float) Math.floor(hue);
            float target = h > 0.55f ? 0.95f : 0.08f;
            return h + (target - h) * 0.35f;
        }
    }
}
