package studio.atelier.demo.painting;

import static studio.atelier.demo.painting.DemoPainter.SIZE;
import static studio.atelier.demo.painting.Palette.brighter;
import static studio.atelier.demo.painting.Palette.mix;
import static studio.atelier.demo.painting.Palette.withAlpha;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.geom.GeneralPath;
import java.awt.geom.Path2D;
import java.util.Random;

/** The ground under the demo's skies: mountain ridges, dunes, or the sea with the sun's path on it. */
final class Landforms {

    private Landforms() {
    }

    /** Ridges fade into the haze with distance (aerial perspective), from the glow colour to the ground colour. */
    static void paintMountains(Graphics2D g, Random random, Palette p, float horizon) {
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

    static void paintDunes(Graphics2D g, Random random, Palette p, float horizon) {
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

    static void paintSea(Graphics2D g, Random random, Palette p, float horizon, float sunX, float sunRadius) {
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
}
