package studio.atelier.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private final List<String> lines = new ArrayList<>();
    private final LineSplitter<String> splitter = new LineSplitter<>(line -> {
        lines.add(line);
        return line.equals("STOP") ? "stopped" : null;
    }, () -> "end");

    private String feedByteByByte(byte[] bytes) {
        for (byte b : bytes) {
            String decided = splitter.accept(ByteBuffer.wrap(new byte[] {b}));
            if (decided != null) {
                return decided;
            }
        }
        return splitter.finish();
    }

    @Test
    void splitsOnLfCrlfAndCrEvenAcrossBuffersAndInsideMultiByteCharacters() {
        String result = feedByteByByte("一行\r\n二行\n\r\n三\r四\n\n末尾".getBytes(StandardCharsets.UTF_8));
        assertThat(result).isEqualTo("end");
        assertThat(lines).containsExactly("一行", "二行", "", "三", "四", "", "末尾");
    }

    @Test
    void aDecidingLineStopsTheSplitter() {
        String result = splitter.accept(ByteBuffer.wrap("a\nSTOP\nb\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(result).isEqualTo("stopped");
        assertThat(lines).containsExactly("a", "STOP");
    }
}
