package studio.atelier.gateway.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Replaces base64 image payloads in a reply tree with {@code [image N]} so the raw reply can be stored.
 * N numbers distinct payloads in order of appearance; a payload repeated in the reply keeps its number.
 * Works on the parsed tree, so JSON escapes such as {@code \/} inside the payload are already gone.
 */
public final class Redactor {

    private final Map<String, Integer> numbers = new HashMap<>();

    /** Redacts in place and returns the node for chaining. */
    public JsonNode redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> entry : List.copyOf(object.properties())) {
                JsonNode value = entry.getValue();
                if (value.isString()) {
                    String replaced = entry.getKey().equals("b64_json") && !value.stringValue().isEmpty()
                            ? placeholder(value.stringValue())
                            : redactText(value.stringValue());
                    if (replaced != value.stringValue()) {
                        object.set(entry.getKey(), StringNode.valueOf(replaced));
                    }
                } else {
                    redact(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isString()) {
                    String replaced = redactText(value.stringValue());
                    if (replaced != value.stringValue()) {
                        array.set(i, StringNode.valueOf(replaced));
                    }
                } else {
                    redact(value);
                }
            }
        }
        return node;
    }

    /** Returns the same instance when nothing was replaced. */
    public String redactText(String text) {
        int from = text.indexOf("data:");
        if (from < 0) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        while (from >= 0) {
            int payloadStart = payloadStart(text, from);
            if (payloadStart < 0) {
                from = text.indexOf("data:", from + 5);
                continue;
            }
            int end = payloadStart;
            while (end < text.length() && isPayloadChar(text.charAt(end))) {
                end++;
            }
            if (out == null) {
                out = new StringBuilder(Math.min(text.length(), 1 << 16));
            }
            out.append(text, copied, from).append(placeholder(text.substring(payloadStart, end)));
            copied = end;
            from = text.indexOf("data:", end);
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** Index after {@code ;base64,} when a data URI header starts at {@code from}, else -1. */
    private static int payloadStart(String text, int from) {
        int limit = Math.min(text.length(), from + 200);
        for (int i = from + 5; i < limit; i++) {
            char c = text.charAt(i);
            if (c == ',') {
                return text.regionMatches(true, i - 7, ";base64", 0, 7) ? i + 1 : -1;
            }
            if (!(Character.isLetterOrDigit(c) || "/+.-;=_".indexOf(c) >= 0)) {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isPayloadChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                || c == '+' || c == '/' || c == '=' || c == '-' || c == '_' || c == '\n' || c == '\r';
    }

    private String placeholder(String payload) {
        Integer number = numbers.computeIfAbsent(payload, p -> numbers.size() + 1);
        return "[image " + number + "]";
    }
}
