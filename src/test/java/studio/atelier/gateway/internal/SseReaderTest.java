package studio.atelier.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import studio.atelier.gateway.GatewayErrorKind;
import studio.atelier.gateway.GatewayReply;
import studio.atelier.gateway.GatewayResult;
import tools.jackson.databind.json.JsonMapper;

class SseReaderTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final ErrorMapper errors = new ErrorMapper(json, Clock.systemUTC());
    private final ReplyParser parser = new ReplyParser(json, errors);
    private final List<String> progress = new ArrayList<>();

    /** Feeds the stream through the real line splitter in small pieces, as the HTTP client would. */
    private GatewayResult read(String stream, int pieceSize) {
        SseReader reader = new SseReader(json, parser, errors, progress::add);
        LineSplitter<GatewayResult> lines = new LineSplitter<>(reader::acceptLine, reader::finish);
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += pieceSize) {
            GatewayResult decided = lines.accept(ByteBuffer.wrap(bytes, i, Math.min(pieceSize, bytes.length - i)).slice());
            if (decided != null) {
                return decided;
            }
        }
        return lines.finish();
    }

    private GatewayReply readReply(String stream) {
        GatewayResult result = read(stream, 7);
        assertThat(result).isInstanceOf(GatewayResult.Success.class);
        return ((GatewayResult.Success) result).reply();
    }

    static String chunk(String content) {
        return "{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1732400000,\"model\":\"sd\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + JsonMapper.shared().writeValueAsString(content)
                + "},\"finish_reason\":null}]}";
    }

    @Test
    void assemblesDeltasAndAcceptsEveryQuirk() {
        String stream = ": PING\n\n"
                + "event: message\n"
                + "data:{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1732400000,\"model\":\"sd\","
                + "\"system_fingerprint\":\"fp_s\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
                + "data: " + chunk("> 排队中..\n") + "\r\n\r\n"
                + ": keep-alive\n"
                + "data: " + chunk("> 进度 **12%**\n") + "\n"
                // No blank line between events: some relays skip them.
                + "data: " + chunk("> 进度 **67%**\n\n![img](https://cdn.example/a.png)") + "\n"
                + "data: {\"id\":\"chatcmpl-s\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: {\"id\":\"chatcmpl-s\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7,\"total_tokens\":12}}\n\n"
                + "data: [DONE]\n\n";
        GatewayReply reply = readReply(stream);
        assertThat(reply.id()).isEqualTo("chatcmpl-s");
        assertThat(reply.object()).isEqualTo("chat.completion");
        assertThat(reply.model()).isEqualTo("sd");
        assertThat(reply.created()).isEqualTo(1732400000L);
        assertThat(reply.systemFingerprint()).isEqualTo("fp_s");
        assertThat(reply.usage()).isEqualTo(new GatewayReply.Usage(5, 7, 12));
        assertThat(reply.images()).singleElement().satisfies(i -> assertThat(i.url()).isEqualTo("https://cdn.example/a.png"));
        assertThat(reply.progress()).containsExactly("排队中..", "进度 12%", "进度 67%");
        assertThat(reply.text()).isEmpty();
        assertThat(reply.choices()).singleElement().satisfies(c -> {
            assertThat(c.finishReason()).isEqualTo("stop");
            assertThat(c.role()).isEqualTo("assistant");
        });
        assertThat(progress).containsExactly("排队中..", "进度 12%", "进度 67%");
        assertThat(reply.redactedRawJson()).contains("\"object\":\"chat.completion\"").contains("\"usage\"");
    }

    @Test
    void progressIsReportedAsEachLineArrivesNotAtTheEnd() {
        SseReader reader = new SseReader(json, parser, errors, progress::add);
        reader.acceptLine("data: " + chunk("> 排队中.."));
        assertThat(progress).isEmpty();
        reader.acceptLine("data: " + chunk("\n> 🎨 生成中...\n"));
        assertThat(progress).containsExactly("排队中..", "🎨 生成中...");
        reader.acceptLine("data: " + chunk("> 进度 **25%**\n"));
        reader.acceptLine("data: " + chunk("> 进度 **25%**\n"));
        assertThat(progress).containsExactly("排队中..", "🎨 生成中...", "进度 25%");
        reader.acceptLine("data: " + chunk("> 进度 **100%**"));
        GatewayResult done = reader.acceptLine("data: [DONE]");
        assertThat(done).isInstanceOf(GatewayResult.Success.class);
        assertThat(progress).containsExactly("排队中..", "🎨 生成中...", "进度 25%", "进度 100%");
    }

    @Test
    void aThrowingListenerDoesNotLoseTheReply() {
        SseReader reader = new SseReader(json, parser, errors, line -> {
            throw new IllegalStateException("listener bug");
        });
        reader.acceptLine("data: " + chunk("> 进度 **50%**\n![x](https://cdn.example/x.png)"));
        assertThat(reader.acceptLine("data: [DONE]")).isInstanceOf(GatewayResult.Success.class);
    }

    @Test
    void errorFrameInsideA200StreamIsReadLikeTheSameErrorOutsideIt() {
        String stream = "data: " + chunk("> 生成中...\n") + "\n\n"
                + "data: {\"error\":{\"message\":\"上游负载已饱和 (request id: 77)\",\"type\":\"upstream_error\",\"code\":503}}\n\n"
                + "data: [DONE]\n\n";
        GatewayResult result = read(stream, 64);
        assertThat(result).isInstanceOfSatisfying(GatewayResult.Failure.class, failure -> {
            assertThat(failure.kind()).isEqualTo(GatewayErrorKind.GATEWAY_UNAVAILABLE);
            assertThat(failure.gatewayMessage()).isEqualTo("上游负载已饱和 (request id: 77)");
            assertThat(failure.gatewayCode()).isEqualTo("503");
        });
    }

    @Test
    void streamEndingWithoutDoneButWithContentStillCounts() {
        GatewayReply reply = readReply("data: " + chunk("A quiet lake") + "\n\n");
        assertThat(reply.text()).isEqualTo("A quiet lake");
    }

    @Test
    void streamEndingWithoutDoneAndWithoutContentIsMalformed() {
        assertThat(read(": PING\n\ndata: {\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n", 5))
                .isInstanceOfSatisfying(GatewayResult.Failure.class,
                        f -> assertThat(f.kind()).isEqualTo(GatewayErrorKind.MALFORMED_REPLY));
        assertThat(read("data: not json at all\n\n", 5)).isInstanceOfSatisfying(GatewayResult.Failure.class,
                f -> assertThat(f.kind()).isEqualTo(GatewayErrorKind.MALFORMED_REPLY));
        assertThat(read("", 5)).isInstanceOfSatisfying(GatewayResult.Failure.class,
                f -> assertThat(f.kind()).isEqualTo(GatewayErrorKind.MALFORMED_REPLY));
    }

    @Test
    void doneWithoutAnyChoiceIsEmptyChoices() {
        assertThat(read("data: {\"id\":\"x\",\"choices\":[],\"usage\":{\"total_tokens\":1}}\n\ndata: [DONE]\n\n", 9))
                .isInstanceOfSatisfying(GatewayResult.Failure.class,
                        f -> assertThat(f.kind()).isEqualTo(GatewayErrorKind.EMPTY_CHOICES));
    }

    @Test
    void multiLineDataEventIsJoined() {
        GatewayReply reply = readReply("data: {\"id\":\"x\",\"choices\":[{\"index\":0,\n"
                + "data: \"delta\":{\"content\":\"joined\"}}]}\n\ndata: [DONE]\n\n");
        assertThat(reply.text()).isEqualTo("joined");
    }

    @Test
    void imagesInDeltasAreCollected() {
        String png = Base64.getEncoder().encodeToString(ReplyParserTest.PNG);
        GatewayReply reply = readReply("data: {\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                + "\"content\":\"Here.\",\"images\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,"
                + png + "\"}}]}}]}\n\ndata: [DONE]\n\n");
        assertThat(reply.images()).singleElement().satisfies(i -> assertThat(i.data()).isEqualTo(ReplyParserTest.PNG));
        assertThat(reply.text()).isEqualTo("Here.");
        assertThat(reply.redactedRawJson()).contains("[image 1]").doesNotContain(png);
    }

    @Test
    void aSingle33MegabyteDataLineIsRead() {
        byte[] image = new byte[25 * 1024 * 1024];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) (i * 31 + (i >> 9));
        }
        System.arraycopy(ReplyParserTest.PNG, 0, image, 0, 8);
        String base64 = Base64.getEncoder().encodeToString(image);
        String line = "data: " + chunk("![image](data:image/png;base64," + base64 + ")");
        assertThat(line.length()).isGreaterThan(33 * 1024 * 1024);
        String stream = "data: " + chunk("> 进度 **99%**\n") + "\n\n" + line + "\n\ndata: [DONE]\n\n";

        GatewayResult result = read(stream, 64 * 1024);

        GatewayReply reply = ((GatewayResult.Success) result).reply();
        assertThat(reply.images()).singleElement().satisfies(i -> {
            assertThat(i.data()).isEqualTo(image);
            assertThat(i.mimeType()).isEqualTo("image/png");
        });
        assertThat(reply.redactedRawJson()).hasSizeLessThan(2000).contains("![image]([image 1])");
        assertThat(progress).containsExactly("进度 99%");
    }
}
