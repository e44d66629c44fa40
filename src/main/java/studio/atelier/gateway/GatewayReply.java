package studio.atelier.gateway;

import java.util.List;

/**
 * A successful reply, parsed. {@code images} is in the order found and without duplicates; {@code text} is what
 * is left of the content once progress lines, image markdown and download links are removed (empty if nothing);
 * {@code progress} holds the cleaned progress lines. {@code redactedRawJson} is the raw reply (for streams an
 * assembled {@code chat.completion}) with every base64 payload replaced by {@code [image N]}, small enough to store.
 */
public record GatewayReply(String id, String object, Long created, String model, List<Choice> choices, Usage usage,
        String systemFingerprint, List<GatewayImage> images, String text, List<String> progress,
        String redactedRawJson) {

    public GatewayReply {
        choices = choices == null ? List.of() : List.copyOf(choices);
        images = images == null ? List.of() : List.copyOf(images);
        progress = progress == null ? List.of() : List.copyOf(progress);
        text = text == null ? "" : text;
    }

    public boolean hasImages() {
        return !images.isEmpty();
    }

    /**
     * {@code content} is the raw content as text (array content flattened to its text parts), with base64 image
     * payloads replaced by {@code [image N]} like in {@code redactedRawJson}; the images themselves are in
     * {@link GatewayReply#images()}.
     */
    public record Choice(int index, String role, String content, String refusal, String finishReason) {
    }

    public record Usage(Integer promptTokens, Integer completionTokens, Integer totalTokens) {
    }
}
