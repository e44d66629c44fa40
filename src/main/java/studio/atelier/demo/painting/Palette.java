package studio.atelier.demo.painting;

import java.awt.Color;
import java.util.Random;

/** Colours from one base hue: analogous sky, a warm or complementary glow, deep ground. */
final class Palette {
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
}
