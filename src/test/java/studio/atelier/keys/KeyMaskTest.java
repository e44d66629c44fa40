package studio.atelier.keys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyMaskTest {

    @Test
    void longKeysShowTheirPrefixAndLastFour() {
        assertThat(KeyMask.of("sk-RECOGNISABLE-canary-7f3a9c1e5b")).isEqualTo("sk-…1e5b");
        assertThat(KeyMask.of("0123456789abcdefXYZ1")).isEqualTo("…XYZ1");
        assertThat(KeyMask.of("sk-abc12345")).isEqualTo("…45");
    }

    @Test
    void shortKeysAreNeitherShownWholeNorABareEllipsis() {
        assertThat(KeyMask.of("demo")).isEqualTo("d…o");
        assertThat(KeyMask.of(" secret ")).isEqualTo("s…t");
        assertThat(KeyMask.of("abc")).isEqualTo("•••");
        assertThat(KeyMask.of("x")).isEqualTo("•");
        for (String key : new String[] {"x", "ab", "abc", "demo", "short", "1234567"}) {
            assertThat(KeyMask.of(key)).isNotEqualTo("…").doesNotContain(key);
        }
    }
}
