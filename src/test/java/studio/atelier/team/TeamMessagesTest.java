package studio.atelier.team;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/** Every team string exists in English and Chinese, and the Chinese ones are really translated. */
class TeamMessagesTest {

    static Properties load(String name) throws Exception {
        Properties p = new Properties();
        try (InputStream in = TeamMessagesTest.class.getResourceAsStream("/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    static Set<String> teamKeys(Properties p) {
        Set<String> keys = new TreeSet<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("team") || k.startsWith("invitation.") || k.startsWith("share.") || k.startsWith("generate.as")
                    || k.equals("generation.team.unknown")) {
                keys.add(k);
            }
        }
        return keys;
    }

    @Test
    void bothLanguagesHaveEveryTeamString() throws Exception {
        Properties en = load("messages.properties");
        Properties zh = load("messages_zh_CN.properties");
        assertThat(teamKeys(en)).hasSizeGreaterThan(80).isEqualTo(teamKeys(zh));
        for (String key : teamKeys(zh)) {
            assertThat(zh.getProperty(key)).as(key).isNotEqualTo(en.getProperty(key)).matches("(?s).*\\p{IsHan}.*");
        }
    }
}
