package studio.atelier.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The seed document's example prompt, byte for byte. */
public final class SeedPrompt {

    public static final String TEXT = load();

    private SeedPrompt() {
    }

    private static String load() {
        try (InputStream in = SeedPrompt.class.getResourceAsStream("/fixtures/seed-prompt.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
