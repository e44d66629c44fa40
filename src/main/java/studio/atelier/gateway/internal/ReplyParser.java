package studio.atelier.gateway.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import studio.atelier.gateway.GatewayErrorKind;
import studio.atelier.gateway.GatewayImage;
import studio.atelier.gateway.GatewayReply;
import studio.atelier.gateway.GatewayReply.Choice;
import studio.atelier.gateway.GatewayReply.Usage;
import studio.atelier.gateway.GatewayResult;
import studio.atelier.gateway.GatewayResult.Failure;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a {@code chat.completion} (or an {@code images/generations} reply) into a {@link GatewayReply}.
 * Images are looked for in the order of upstream-api.md: {@code message.images}, image parts of array content,
 * markdown images, bare image URLs; a plain link counts only when nothing else was found, because resellers add
 * a download link that duplicates the image under another URL. Results carry a null latency; the client stamps it.
 */
public final class ReplyParser {

    private final JsonMapper json;
    private final ErrorMapper errors;
    private final ContentScanner scanner = new ContentScanner();
    private final ImageDecoder decoder = new ImageDecoder();

    public ReplyParser(JsonMapper json, ErrorMapper errors) {
        this.json = json;
        this.errors = errors;
    }

    public GatewayResult parseChat(byte[] body) {
        JsonNode root = readObject(body);
        return root == null ? malformed() : parseChat(root);
    }

    public GatewayResult parseChat(JsonNode root) {
        if (hasError(root)) {
            return errors.fromErrorBody(root);
        }
        JsonNode choicesNode = root.get("choices");
        if (choicesNode == null || !choicesNode.isArray()) {
            return malformed();
        }
        if (choicesNode.isEmpty()) {
            return Failure.of(GatewayErrorKind.EMPTY_CHOICES, null);
        }
        Images images = new Images();
        Redactor redactor = new Redactor();
        List<Choice> choices = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<String> progress = new ArrayList<>();
        List<String> links = new ArrayList<>();
        int position = 0;
        for (JsonNode choiceNode : choicesNode) {
            JsonNode message = choiceNode.has("message") ? choiceNode.path("message") : choiceNode.path("delta");
            JsonNode contentNode = message.path("content");

            for (JsonNode image : message.path("images")) {
                images.add(decoder.fromReference(imageUrlOf(image)));
            }
            StringBuilder flat = new StringBuilder();
            if (contentNode.isArray()) {
                for (JsonNode part : contentNode) {
                    if (part.isString()) {
                        appendPart(flat, part.stringValue());
                    } else if (part.has("image_url") || "image_url".equals(JsonFields.text(part, "type"))) {
                        images.add(decoder.fromReference(imageUrlOf(part)));
                    } else {
                        appendPart(flat, JsonFields.text(part, "text"));
                    }
                }
            } else {
                String content = JsonFields.text(contentNode);
                if (content != null) {
                    flat.append(content);
                }
            }
            String content = flat.toString();
            ContentScanner.Scan scan = scanner.scan(content);
            scan.imageUrls().forEach(url -> images.add(decoder.fromReference(url)));
            links.addAll(scan.linkUrls());
            progress.addAll(scan.progress());

            String refusal = JsonFields.text(message, "refusal");
            String text = scan.text().isEmpty() && refusal != null ? refusal.strip() : scan.text();
            if (!text.isEmpty()) {
                texts.add(text);
            }
            Integer index = JsonFields.integer(choiceNode, "index");
            // The images are decoded already; keeping their base64 in the choice would double a multi-MB reply.
            choices.add(new Choice(index != null ? index : position, JsonFields.text(message, "role"),
                    redactor.redactText(content),
                    refusal, JsonFields.text(choiceNode, "finish_reason")));
            position++;
        }
        if (images.isEmpty()) {
            links.stream().filter(ContentScanner::looksLikeImageUrl)
                    .forEach(url -> images.add(decoder.fromReference(url)));
        }
        String redacted = json.writeValueAsString(redactor.redact(root));
        return new GatewayResult.Success(new GatewayReply(JsonFields.text(root, "id"), JsonFields.text(root, "object"),
                JsonFields.longValue(root, "created"), JsonFields.text(root, "model"), choices, usageOf(root),
                JsonFields.text(root, "system_fingerprint"), images.list, String.join("\n\n", texts), progress,
                redacted), null);
    }

    /** {@code {created, data: [{url | b64_json, revised_prompt}]}} from {@code POST /images/generations}. */
    public GatewayResult parseImages(byte[] body) {
        JsonNode root = readObject(body);
        if (root == null) {
            return malformed();
        }
        if (hasError(root)) {
            return errors.fromErrorBody(root);
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isArray()) {
            return malformed();
        }
        if (data.isEmpty()) {
            return Failure.of(GatewayErrorKind.EMPTY_CHOICES, null);
        }
        Images images = new Images();
        List<String> revised = new ArrayList<>();
        for (JsonNode item : data) {
            String b64 = JsonFields.text(item, "b64_json");
            images.add(b64 != null ? decoder.fromBase64(b64, "image/png") : decoder.fromReference(JsonFields.text(item, "url")));
            String prompt = JsonFields.text(item, "revised_prompt");
            if (prompt != null && !prompt.isBlank()) {
                revised.add(prompt.strip());
            }
        }
        String redacted = json.writeValueAsString(new Redactor().redact(root));
        return new GatewayResult.Success(new GatewayReply(null, null, JsonFields.longValue(root, "created"),
                JsonFields.text(root, "model"), List.of(), usageOf(root), null, images.list, String.join("\n\n", revised),
                List.of(), redacted), null);
    }

    public JsonNode readObject(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode root = json.readTree(body);
            return root != null && root.isObject() ? root : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    static boolean hasError(JsonNode root) {
        JsonNode error = root.get("error");
        return error != null && !error.isNull() && !(error.isObject() && error.isEmpty()) && !root.has("choices");
    }

    private static Usage usageOf(JsonNode root) {
        JsonNode usage = root.get("usage");
        if (usage == null || !usage.isObject()) {
            return null;
        }
        return new Usage(JsonFields.integer(usage, "prompt_tokens"), JsonFields.integer(usage, "completion_tokens"),
                JsonFields.integer(usage, "total_tokens"));
    }

    /** {@code {"image_url":{"url":...}}}, {@code {"image_url":"..."}} or {@code {"url":...}}. */
    private static String imageUrlOf(JsonNode node) {
        if (node.isString()) {
            return node.stringValue();
        }
        JsonNode imageUrl = node.path("image_url");
        String url = imageUrl.isObject() ? JsonFields.text(imageUrl, "url") : JsonFields.text(imageUrl);
        return url != null ? url : JsonFields.text(node, "url");
    }

    private static void appendPart(StringBuilder flat, String text) {
        if (text == null) {
            return;
        }
        if (flat.length() > 0) {
            flat.append('\n');
        }
        flat.append(text);
    }

    private static Failure malformed() {
        return Failure.of(GatewayErrorKind.MALFORMED_REPLY, null);
    }

    /** Keeps first-seen order; the same URL or the same bytes count once. */
    private static final class Images {
        private final List<GatewayImage> list = new ArrayList<>();
        private final Set<Object> seen = new HashSet<>();

        void add(GatewayImage image) {
            if (image == null) {
                return;
            }
            Object identity = image.isRemote() ? image.url() : ByteBuffer.wrap(image.data());
            if (seen.add(identity)) {
                list.add(image);
            }
        }

        boolean isEmpty() {
            return list.isEmpty();
        }
    }
}
