package studio.atelier.gateway.internal;

import java.util.Map;
import java.util.TreeMap;

import studio.atelier.gateway.GatewayErrorKind;
import studio.atelier.gateway.GatewayResult;
import studio.atelier.gateway.GatewayResult.Failure;
import studio.atelier.gateway.ProgressListener;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a {@code chat.completion.chunk} event stream one line at a time, assembles the deltas into a
 * {@code chat.completion} and parses that like a non-streamed reply. Tolerates what relays actually send:
 * {@code data:} without a space, comments ({@code : PING}), {@code event:} lines, events without blank lines between
 * them, a usage-only last chunk, and {@code data: {"error": ...}} inside a 200 stream.
 * Not thread-safe: the HTTP client delivers body parts one after another.
 */
public final class SseReader {

    private final JsonMapper json;
    private final ReplyParser parser;
    private final ErrorMapper errors;
    private final ProgressListener listener;

    private final Map<Integer, ChoiceState> choices = new TreeMap<>();
    private String id;
    private Long created;
    private String model;
    private String systemFingerprint;
    private JsonNode usage;
    private String eventName;
    private StringBuilder pendingData;
    private boolean sawContent;
    private GatewayResult terminal;
    private String lastReported;

    public SseReader(JsonMapper json, ReplyParser parser, ErrorMapper errors, ProgressListener listener) {
        this.json = json;
        this.parser = parser;
        this.errors = errors;
        this.listener = listener == null ? ProgressListener.NONE : listener;
    }

    /** Returns the final result once the stream has decided ({@code [DONE]} or an error frame), else null. */
    public GatewayResult acceptLine(String line) {
        if (terminal != null) {
            return terminal;
        }
        if (line.isEmpty()) {
            eventName = null;
            if (pendingData != null) {
                String data = pendingData.toString();
                pendingData = null;
                handleData(data, true);
            }
            return terminal;
        }
        if (line.charAt(0) == ':') {
            return null;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data":
                if (pendingData != null) {
                    // A multi-line event: the spec joins data lines with \n until a blank line.
                    pendingData.append('\n').append(value);
                    if (handleData(pendingData.toString(), false)) {
                        pendingData = null;
                    }
                } else if (!handleData(value, false)) {
                    pendingData = new StringBuilder(value);
                }
                break;
            case "event":
                eventName = value.strip();
                break;
            default:
                // Some relays ignore stream=true yet label the body an event stream: read a bare JSON line too.
                if (line.stripLeading().startsWith("{")) {
                    handleData(line, true);
                }
        }
        return terminal;
    }

    /** The body ended. A stream without {@code [DONE]} still counts if it delivered content. */
    public GatewayResult finish() {
        if (terminal != null) {
            return terminal;
        }
        if (pendingData != null) {
            String data = pendingData.toString();
            pendingData = null;
            handleData(data, true);
            if (terminal != null) {
                return terminal;
            }
        }
        if (!sawContent) {
            return Failure.of(GatewayErrorKind.MALFORMED_REPLY, null);
        }
        terminal = assemble();
        return terminal;
    }

    /** Returns false when the data is not (yet) a complete JSON document. */
    private boolean handleData(String data, boolean lastChance) {
        String trimmed = data.strip();
        if (trimmed.isEmpty()) {
            return true;
        }
        if (trimmed.equals("[DONE]")) {
            terminal = choices.isEmpty() ? Failure.of(GatewayErrorKind.EMPTY_CHOICES, null) : assemble();
            return true;
        }
        JsonNode chunk;
        try {
            chunk = json.readTree(trimmed);
        } catch (JacksonException e) {
            // Garbage that never completes is skipped; a stream of nothing but garbage ends as MALFORMED_REPLY.
            return lastChance;
        }
        if (chunk == null || !chunk.isObject()) {
            return true;
        }
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull() && !(error.isObject() && error.isEmpty())) {
            terminal = errors.fromStreamError(chunk);
            return true;
        }
        if ("error".equals(eventName)) {
            terminal = errors.fromStreamError(json.createObjectNode().set("error", chunk));
            return true;
        }
        accept(chunk);
        return true;
    }

    private void accept(JsonNode chunk) {
        id = id != null ? id : JsonFields.text(chunk, "id");
        created = created != null ? created : JsonFields.longValue(chunk, "created");
        model = model != null ? model : JsonFields.text(chunk, "model");
        systemFingerprint = systemFingerprint != null ? systemFingerprint : JsonFields.text(chunk, "system_fingerprint");
        JsonNode chunkUsage = chunk.get("usage");
        if (chunkUsage != null && chunkUsage.isObject()) {
            usage = chunkUsage;
        }
        JsonNode chunkChoices = chunk.path("choices");
        int position = 0;
        for (JsonNode choice : chunkChoices) {
            Integer index = JsonFields.integer(choice, "index");
            ChoiceState state = choices.computeIfAbsent(index != null ? index : position, ChoiceState::new);
            position++;
            // A few relays send whole messages instead of deltas in the stream.
            JsonNode delta = choice.has("delta") ? choice.path("delta") : choice.path("message");
            state.role = state.role != null ? state.role : JsonFields.text(delta, "role");
            JsonNode content = delta.path("content");
            if (content.isArray()) {
                for (JsonNode part : content) {
                    if (part.has("image_url") || "image_url".equals(JsonFields.text(part, "type"))) {
                        state.images.add(part.deepCopy());
                        sawContent = true;
                    } else {
                        appendContent(state, part.isString() ? part.stringValue() : JsonFields.text(part, "text"));
                    }
                }
            } else {
                appendContent(state, JsonFields.text(content));
            }
            for (JsonNode image : delta.path("images")) {
                state.images.add(image.deepCopy());
                sawContent = true;
            }
            String refusal = JsonFields.text(delta, "refusal");
            if (refusal != null) {
                state.refusal.append(refusal);
                sawContent = true;
            }
            String finish = JsonFields.text(choice, "finish_reason");
            state.finishReason = finish != null ? finish : state.finishReason;
        }
    }

    private void appendContent(ChoiceState state, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        sawContent = true;
        state.content.append(text);
        reportCompletedLines(state, false);
    }

    /** Progress is reported line by line as each line completes, so the user sees it move. */
    private void reportCompletedLines(ChoiceState state, boolean endOfStream) {
        StringBuilder content = state.content;
        while (true) {
            int end = content.indexOf("\n", state.lineStart);
            if (end < 0) {
                if (!endOfStream || state.lineStart >= content.length()) {
                    return;
                }
                end = content.length();
            }
            if (ContentScanner.isProgressLine(content, state.lineStart, end)) {
                report(ContentScanner.cleanProgress(content.substring(state.lineStart, end)));
            }
            state.lineStart = end + 1;
        }
    }

    private void report(String progress) {
        if (progress.isEmpty() || progress.equals(lastReported)) {
            return;
        }
        lastReported = progress;
        try {
            listener.onProgress(progress);
        } catch (RuntimeException listenerFailure) {
            // A broken listener must not lose a generation that may already be paid for.
        }
    }

    private GatewayResult assemble() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("id", id);
        root.put("object", "chat.completion");
        if (created != null) {
            root.put("created", created);
        }
        root.put("model", model);
        ArrayNode out = root.putArray("choices");
        for (ChoiceState state : choices.values()) {
            reportCompletedLines(state, true);
            ObjectNode choice = out.addObject();
            choice.put("index", state.index);
            ObjectNode message = choice.putObject("message");
            message.put("role", state.role != null ? state.role : "assistant");
            message.put("content", state.content.toString());
            if (state.refusal.length() > 0) {
                message.put("refusal", state.refusal.toString());
            }
            if (!state.images.isEmpty()) {
                message.set("images", state.images);
            }
            choice.put("finish_reason", state.finishReason);
        }
        if (usage != null) {
            root.set("usage", usage);
        }
        if (systemFingerprint != null) {
            root.put("system_fingerprint", systemFingerprint);
        }
        return parser.parseChat(root);
    }

    private static final class ChoiceState {
        final int index;
        final StringBuilder content = new StringBuilder();
        final StringBuilder refusal = new StringBuilder();
        final ArrayNode images = JsonNodeFactory.instance.arrayNode();
        String role;
        String finishReason;
        int lineStart;

        ChoiceState(int index) {
            this.index = index;
        }
    }
}
