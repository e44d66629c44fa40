package studio.atelier.demo.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import studio.atelier.demo.painting.DemoPainter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON the demo answers with, shaped like a One API / New API reseller's: OpenAI error shapes, progress lines in the
 * content, the picture as a markdown data-URI image, {@code chat.completion.chunk} events when streaming.
 */
final class DemoReplies {

    static final List<String> MODELS = List.of("stable-diffusion", "demo-watercolor");
    static final List<String> PROGRESS = List.of("> 排队中..\n", "> 🎨 生成中...\n", "> 进度 **25%**\n",
            "> 进度 **50%**\n", "> 进度 **75%**\n", "> 进度 **100%**\n");
    private static final String FINGERPRINT = "fp_atelier_demo";

    private final JsonMapper json;
    private final DemoPainter painter;

    DemoReplies(JsonMapper json, DemoPainter painter) {
        this.json = json;
        this.painter = painter;
    }

    String models() {
        ObjectNode body = json.createObjectNode();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        for (String model : MODELS) {
            data.addObject().put("id", model).put("object", "model").put("created", 1_700_000_000L)
                    .put("owned_by", "atelier-demo");
        }
        return json.writeValueAsString(body);
    }

    String error(DemoRejection rejection) {
        ObjectNode body = json.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", rejection.getMessage() + " (request id: demo-" + hex(8) + ")");
        error.put("type", rejection.type);
        error.put("param", rejection.param);
        error.put("code", rejection.code);
        return json.writeValueAsString(body);
    }

    /** The whole reply at once, as {@code stream: false} asks. */
    byte[] completion(DemoCall call) {
        String content = String.join("", PROGRESS) + "\n" + String.join("\n\n", imageMarkdown(call));
        ObjectNode root = envelope(call, "chat.completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        root.set("usage", usage(call));
        root.put("system_fingerprint", FINGERPRINT);
        return json.writeValueAsBytes(root);
    }

    /** What every chunk of one streamed reply shares: its id, creation time and model. */
    ObjectNode chunkEnvelope(DemoCall call) {
        return envelope(call, "chat.completion.chunk");
    }

    byte[] opening(ObjectNode base) {
        return chunk(base, delta("assistant", ""), null);
    }

    byte[] progress(ObjectNode base, String line) {
        return chunk(base, delta(null, line), null);
    }

    /** The images, the finishing chunk, the usage-only chunk when asked for, and [DONE]. */
    List<byte[]> ending(DemoCall call, ObjectNode base) {
        List<byte[]> events = new ArrayList<>();
        List<String> images = imageMarkdown(call);
        for (int i = 0; i < images.size(); i++) {
            events.add(chunk(base, delta(null, (i == 0 ? "\n" : "\n\n") + images.get(i)), null));
        }
        events.add(chunk(base, json.createObjectNode(), "stop"));
        if (call.includeUsage()) {
            ObjectNode usageOnly = chunk(base);
            usageOnly.putArray("choices");
            usageOnly.set("usage", usage(call));
            events.add(event(usageOnly));
        }
        events.add("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        return events;
    }

    private List<String> imageMarkdown(DemoCall call) {
        List<String> images = new ArrayList<>();
        for (int i = 0; i < call.n(); i++) {
            byte[] png = painter.paint(call.model() + "\n" + call.prompt(), i);
            images.add("![image_" + (i + 1) + "](data:image/png;base64," + Base64.getEncoder().encodeToString(png) + ")");
        }
        return images;
    }

    private ObjectNode envelope(DemoCall call, String object) {
        ObjectNode root = json.createObjectNode();
        root.put("id", "chatcmpl-demo-" + hex(12));
        root.put("object", object);
        root.put("created", Instant.now().getEpochSecond());
        root.put("model", call.model());
        return root;
    }

    private ObjectNode chunk(ObjectNode base) {
        ObjectNode chunk = base.deepCopy();
        chunk.put("system_fingerprint", FINGERPRINT);
        return chunk;
    }

    private byte[] chunk(ObjectNode base, ObjectNode delta, String finishReason) {
        ObjectNode chunk = chunk(base);
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return event(chunk);
    }

    private ObjectNode delta(String role, String content) {
        ObjectNode delta = json.createObjectNode();
        if (role != null) {
            delta.put("role", role);
        }
        delta.put("content", content);
        return delta;
    }

    private byte[] event(JsonNode chunk) {
        return ("data: " + json.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Image models bill per call; the token counts are synthetic, as on real relays. */
    private ObjectNode usage(DemoCall call) {
        int prompt = Math.max(1, (call.prompt().length() + 1) / 2);
        int completion = 20 + 85 * call.n();
        ObjectNode usage = json.createObjectNode();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        return usage;
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
