package studio.atelier.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import studio.atelier.gateway.GatewayErrorKind;
import studio.atelier.gateway.GatewayImage;
import studio.atelier.gateway.GatewayReply;
import studio.atelier.gateway.GatewayResult;
import tools.jackson.databind.json.JsonMapper;

class ReplyParserTest {

    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4};
    static final String PNG_B64 = Base64.getEncoder().encodeToString(PNG);
    static final String DATA_URI = "data:image/png;base64," + PNG_B64;

    private final JsonMapper json = JsonMapper.builder().build();
    private final ReplyParser parser = new ReplyParser(json, new ErrorMapper(json, Clock.systemUTC()));

    private GatewayReply success(String body) {
        GatewayResult result = parser.parseChat(body.getBytes(StandardCharsets.UTF_8));
        assertThat(result).isInstanceOf(GatewayResult.Success.class);
        return ((GatewayResult.Success) result).reply();
    }

    private GatewayResult.Failure failure(String body) {
        GatewayResult result = parser.parseChat(body.getBytes(StandardCharsets.UTF_8));
        assertThat(result).isInstanceOf(GatewayResult.Failure.class);
        return (GatewayResult.Failure) result;
    }

    static String completion(String messageJson) {
        return """
                {"id":"chatcmpl-1","object":"chat.completion","created":1732400000,"model":"stable-diffusion",
                 "choices":[{"index":0,"message":%s,"logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":12,"completion_tokens":34,"total_tokens":46},
                 "system_fingerprint":"fp_x"}""".formatted(messageJson);
    }

    static String content(String text) {
        return completion("{\"role\":\"assistant\",\"content\":" + JsonMapper.shared().writeValueAsString(text) + "}");
    }

    @Test
    void readsTheSeedEnvelope() {
        GatewayReply reply = success(content("hello"));
        assertThat(reply.id()).isEqualTo("chatcmpl-1");
        assertThat(reply.object()).isEqualTo("chat.completion");
        assertThat(reply.created()).isEqualTo(1732400000L);
        assertThat(reply.model()).isEqualTo("stable-diffusion");
        assertThat(reply.systemFingerprint()).isEqualTo("fp_x");
        assertThat(reply.usage()).isEqualTo(new GatewayReply.Usage(12, 34, 46));
        assertThat(reply.choices()).containsExactly(new GatewayReply.Choice(0, "assistant", "hello", null, "stop"));
    }

    @Test
    void openRouterImagesComeFirst() {
        GatewayReply reply = success(completion("""
                {"role":"assistant","content":"Here you go ![b](https://cdn.example/b.png)",
                 "images":[{"type":"image_url","image_url":{"url":"%s"}}]}""".formatted(DATA_URI)));
        assertThat(reply.images()).hasSize(2);
        assertThat(reply.images().get(0).data()).isEqualTo(PNG);
        assertThat(reply.images().get(0).mimeType()).isEqualTo("image/png");
        assertThat(reply.images().get(0).url()).isNull();
        assertThat(reply.images().get(1)).isEqualTo(GatewayImage.remote("https://cdn.example/b.png", "image/png"));
        assertThat(reply.text()).isEqualTo("Here you go");
    }

    @Test
    void contentPartsGiveImagesAndText() {
        GatewayReply reply = success(completion("""
                {"role":"assistant","content":[{"type":"text","text":"A red fox."},
                  {"type":"image_url","image_url":{"url":"https://cdn.example/fox.webp?sig=1"}},
                  {"type":"image_url","image_url":"%s"}]}""".formatted(DATA_URI)));
        assertThat(reply.images()).extracting(GatewayImage::url).containsExactly("https://cdn.example/fox.webp?sig=1", null);
        assertThat(reply.images().get(0).mimeType()).isEqualTo("image/webp");
        assertThat(reply.images().get(1).data()).isEqualTo(PNG);
        assertThat(reply.text()).isEqualTo("A red fox.");
    }

    @Test
    void markdownHttpsImage() {
        GatewayReply reply = success(content("![cat](https://cdn.example/img/cat.jpg)"));
        assertThat(reply.images()).containsExactly(GatewayImage.remote("https://cdn.example/img/cat.jpg", "image/jpeg"));
        assertThat(reply.text()).isEmpty();
    }

    @Test
    void markdownDataUriImageIsDecodedAndRedactedFromRawJson() {
        GatewayReply reply = success(content("![image](" + DATA_URI + ")"));
        assertThat(reply.images()).singleElement().satisfies(image -> {
            assertThat(image.data()).isEqualTo(PNG);
            assertThat(image.mimeType()).isEqualTo("image/png");
        });
        assertThat(reply.redactedRawJson()).contains("![image]([image 1])").doesNotContain(PNG_B64);
        assertThat(reply.redactedRawJson()).contains("\"usage\"").contains("chatcmpl-1");
        assertThat(reply.choices().get(0).content()).isEqualTo("![image]([image 1])");
    }

    @Test
    void severalImagesMixedWithTextKeepTheirOrder() {
        byte[] other = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 9, 9};
        String otherUri = "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(other);
        GatewayReply reply = success(content("First:\n![1](https://a.example/1.png)\nSecond:\n![2](" + otherUri
                + ")\nThird ![3](https://a.example/3.gif \"title\") done."));
        assertThat(reply.images()).hasSize(3);
        assertThat(reply.images().get(0).url()).isEqualTo("https://a.example/1.png");
        assertThat(reply.images().get(1).data()).isEqualTo(other);
        assertThat(reply.images().get(1).mimeType()).isEqualTo("image/jpeg");
        assertThat(reply.images().get(2).url()).isEqualTo("https://a.example/3.gif");
        assertThat(reply.text()).isEqualTo("First:\n\nSecond:\n\nThird  done.");
    }

    @Test
    void resellerStyleProgressAndDownloadLink() {
        GatewayReply reply = success(content("> 🎨 生成中...\n> 进度 **67%**\n\n"
                + "![file_0001](https://cdn.example/x.png)\n[点击下载](https://cdn.example/download/x.png)"));
        assertThat(reply.images()).containsExactly(GatewayImage.remote("https://cdn.example/x.png", "image/png"));
        assertThat(reply.progress()).containsExactly("🎨 生成中...", "进度 67%");
        assertThat(reply.text()).isEmpty();
    }

    @Test
    void aLinkToAnImageCountsOnlyWhenNothingElseWasFound() {
        GatewayReply reply = success(content("> 排队中..\n[点击下载](https://cdn.example/download/y.png)"));
        assertThat(reply.images()).containsExactly(GatewayImage.remote("https://cdn.example/download/y.png", "image/png"));
        assertThat(reply.text()).isEmpty();
        assertThat(reply.progress()).containsExactly("排队中..");
    }

    @Test
    void bareImageUrlsInText() {
        GatewayReply reply = success(content("Your image: https://files.example/out/a1.PNG?expires=3600&sig=x. "
                + "Also https://files.example/b.jpeg and a page https://files.example/about.html"));
        assertThat(reply.images()).extracting(GatewayImage::url)
                .containsExactly("https://files.example/out/a1.PNG?expires=3600&sig=x", "https://files.example/b.jpeg");
        assertThat(reply.text()).contains("Your image: . Also").contains("https://files.example/about.html")
                .doesNotContain("a1.PNG").doesNotContain("b.jpeg");
    }

    @Test
    void textOnlyRefusalIsATextResult() {
        GatewayReply reply = success(completion(
                "{\"role\":\"assistant\",\"content\":\"I can't draw that, it violates the policy.\",\"refusal\":null}"));
        assertThat(reply.images()).isEmpty();
        assertThat(reply.hasImages()).isFalse();
        assertThat(reply.text()).isEqualTo("I can't draw that, it violates the policy.");

        GatewayReply refused = success(completion("{\"role\":\"assistant\",\"content\":null,\"refusal\":\"No.\"}"));
        assertThat(refused.text()).isEqualTo("No.");
        assertThat(refused.choices().get(0).refusal()).isEqualTo("No.");
    }

    @Test
    void unknownFieldsAndLooseTypesAreTolerated() {
        GatewayReply reply = success("""
                {"id":"x","object":"chat.completion","created":"1732400000","model":"m","provider":"relay-7",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"ok","reasoning":"...","annotations":[]},
                   "native_finish_reason":"STOP","finish_reason":"stop"}],
                 "usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3,"cost":0.04,
                   "prompt_tokens_details":{"cached_tokens":0}}}""");
        assertThat(reply.created()).isEqualTo(1732400000L);
        assertThat(reply.text()).isEqualTo("ok");
        assertThat(reply.usage().totalTokens()).isEqualTo(3);
        assertThat(reply.systemFingerprint()).isNull();
    }

    @Test
    void duplicatesAreDroppedBySameUrlOrSameBytes() {
        String otherEncoding = "data:image/png;base64," + Base64.getMimeEncoder().encodeToString(PNG);
        GatewayReply reply = success(completion("""
                {"role":"assistant","content":"![a](%s) ![b](%s) ![c](https://x.example/p.png) https://x.example/p.png",
                 "images":[{"type":"image_url","image_url":{"url":"%s"}}]}""".formatted(DATA_URI, otherEncoding, DATA_URI)));
        assertThat(reply.images()).hasSize(2);
        assertThat(reply.images().get(0).data()).isEqualTo(PNG);
        assertThat(reply.images().get(1).url()).isEqualTo("https://x.example/p.png");
        assertThat(reply.redactedRawJson()).contains("[image 1]").doesNotContain(PNG_B64);
    }

    @Test
    void severalChoicesAreAllRead() {
        GatewayReply reply = success("""
                {"id":"x","object":"chat.completion","choices":[
                  {"index":0,"message":{"role":"assistant","content":"![a](https://x.example/1.png)"},"finish_reason":"stop"},
                  {"index":1,"message":{"role":"assistant","content":"![b](https://x.example/2.png)"},"finish_reason":"stop"}]}""");
        assertThat(reply.images()).extracting(GatewayImage::url)
                .containsExactly("https://x.example/1.png", "https://x.example/2.png");
        assertThat(reply.choices()).extracting(GatewayReply.Choice::index).containsExactly(0, 1);
    }

    @Test
    void emptyChoicesIsAFailure() {
        assertThat(failure("{\"id\":\"x\",\"choices\":[]}").kind()).isEqualTo(GatewayErrorKind.EMPTY_CHOICES);
    }

    @Test
    void nonJsonOrNoChoicesIsMalformed() {
        assertThat(failure("<html><body>Welcome to our gateway</body></html>").kind())
                .isEqualTo(GatewayErrorKind.MALFORMED_REPLY);
        assertThat(failure("{\"id\":\"x\"}").kind()).isEqualTo(GatewayErrorKind.MALFORMED_REPLY);
        assertThat(failure("[1,2]").kind()).isEqualTo(GatewayErrorKind.MALFORMED_REPLY);
        assertThat(parser.parseChat(new byte[0])).isInstanceOf(GatewayResult.Failure.class);
    }

    @Test
    void errorObjectInA200BodyIsAFailureMappedByCode() {
        GatewayResult.Failure plain = failure(
                "{\"error\":{\"message\":\"上游错误 (request id: 2024abc)\",\"type\":\"upstream_error\",\"code\":\"do_request_failed\"}}");
        assertThat(plain.kind()).isEqualTo(GatewayErrorKind.GATEWAY_ERROR);
        assertThat(plain.httpStatus()).isEqualTo(200);
        assertThat(plain.gatewayMessage()).isEqualTo("上游错误 (request id: 2024abc)");
        assertThat(plain.gatewayCode()).isEqualTo("do_request_failed");

        assertThat(failure("{\"error\":{\"message\":\"用户额度不足\",\"code\":\"insufficient_user_quota\"}}").kind())
                .isEqualTo(GatewayErrorKind.QUOTA_OR_MODEL_FORBIDDEN);
    }

    @Test
    void imagesGenerationsReply() {
        GatewayResult result = parser.parseImages("""
                {"created":1732400000,"data":[{"b64_json":"%s","revised_prompt":"A cat, watercolor"},
                 {"url":"https://oai.example/img.png?se=1"}]}""".formatted(PNG_B64).getBytes(StandardCharsets.UTF_8));
        GatewayReply reply = ((GatewayResult.Success) result).reply();
        assertThat(reply.images()).hasSize(2);
        assertThat(reply.images().get(0).data()).isEqualTo(PNG);
        assertThat(reply.images().get(0).mimeType()).isEqualTo("image/png");
        assertThat(reply.images().get(1).url()).isEqualTo("https://oai.example/img.png?se=1");
        assertThat(reply.usage()).isNull();
        assertThat(reply.text()).isEqualTo("A cat, watercolor");
        assertThat(reply.redactedRawJson()).contains("\"b64_json\":\"[image 1]\"").doesNotContain(PNG_B64);

        assertThat(parser.parseImages("{\"data\":[]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(GatewayResult.Failure.class,
                        f -> assertThat(f.kind()).isEqualTo(GatewayErrorKind.EMPTY_CHOICES));
    }

    @Test
    void imageToStringNeverDumpsBytes() {
        GatewayImage image = GatewayImage.inline("image/png", new byte[5_000_000]);
        assertThat(image.toString()).hasSizeLessThan(100).contains("5000000 bytes");
    }
}
