package studio.atelier.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RedactorTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private String redact(String raw) {
        JsonNode tree = json.readTree(raw);
        return json.writeValueAsString(new Redactor().redact(tree));
    }

    @Test
    void distinctPayloadsAreNumberedAndRepeatsKeepTheirNumber() {
        String raw = "{\"a\":\"![x](data:image/png;base64,AAAA) and ![y](data:image/jpeg;base64,BBBB)\","
                + "\"b\":[\"data:image/png;base64,AAAA\"],\"c\":{\"b64_json\":\"CCCC\"}}";
        assertThat(redact(raw)).isEqualTo("{\"a\":\"![x]([image 1]) and ![y]([image 2])\",\"b\":[\"[image 1]\"],"
                + "\"c\":{\"b64_json\":\"[image 3]\"}}");
    }

    @Test
    void escapedSlashesInThePayloadAreHandledAndOtherDataUrisLeftAlone() {
        String raw = "{\"a\":\"data:image\\/png;base64,ab\\/cd+ef==\",\"b\":\"data:text/plain,hello\",\"c\":\"metadata: x\"}";
        assertThat(redact(raw)).isEqualTo("{\"a\":\"[image 1]\",\"b\":\"data:text/plain,hello\",\"c\":\"metadata: x\"}");
    }
}
