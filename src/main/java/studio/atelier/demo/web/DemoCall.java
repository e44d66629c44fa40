package studio.atelier.demo.web;

import tools.jackson.databind.JsonNode;

/** What the demo needs from a request, validated like a gateway would. */
record DemoCall(String model, String prompt, int n, boolean stream, boolean includeUsage) {

    static final int MAX_IMAGES = 4;

    static DemoCall read(JsonNode root) {
        JsonNode messages = root.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw DemoRejection.badRequest("messages is required and must not be empty", "messages");
        }
        String prompt = null;
        for (JsonNode message : messages) {
            if ("user".equals(message.path("role").asString(""))) {
                prompt = textOf(message.path("content"));
            }
        }
        if (prompt == null || prompt.isBlank()) {
            throw DemoRejection.badRequest("A user message with the prompt is required", "messages");
        }
        if (isSet(root, "temperature") && isSet(root, "top_p")) {
            throw DemoRejection.badRequest("Use temperature or top_p, not both", "top_p");
        }
        int n = 1;
        if (isSet(root, "n")) {
            JsonNode nNode = root.get("n");
            if (!nNode.isIntegralNumber() || nNode.asLong() < 1 || nNode.asLong() > MAX_IMAGES) {
                throw DemoRejection.badRequest("n must be between 1 and " + MAX_IMAGES, "n");
            }
            n = nNode.asInt();
        }
        String model = root.path("model").isString() && !root.path("model").stringValue().isBlank()
                ? root.path("model").stringValue() : DemoReplies.MODELS.get(0);
        boolean stream = root.path("stream").asBoolean(false);
        boolean includeUsage = root.path("stream_options").path("include_usage").asBoolean(false);
        return new DemoCall(model, prompt.strip(), n, stream, includeUsage);
    }

    private static boolean isSet(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node != null && !node.isNull();
    }

    private static String textOf(JsonNode content) {
        if (content.isString()) {
            return content.stringValue();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("text").isString()) {
                text.append(part.path("text").stringValue()).append('\n');
            }
        }
        return text.toString();
    }
}
