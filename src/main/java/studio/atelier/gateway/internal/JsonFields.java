package studio.atelier.gateway.internal;

import tools.jackson.databind.JsonNode;

/** Lenient reads of reply fields: gateways put numbers in strings, strings in numbers, and nulls anywhere. */
final class JsonFields {

    private JsonFields() {
    }

    /** The node's scalar value as text, or null for missing, null, empty and container nodes. */
    static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainer()) {
            return null;
        }
        String value = node.isString() ? node.stringValue() : node.asString();
        return value == null || value.isEmpty() ? null : value;
    }

    static String text(JsonNode parent, String field) {
        return parent == null ? null : text(parent.get(field));
    }

    static Integer integer(JsonNode parent, String field) {
        Long value = longValue(parent, field);
        return value == null || value > Integer.MAX_VALUE || value < Integer.MIN_VALUE ? null : value.intValue();
    }

    static Long longValue(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.longValue();
        }
        if (node.isString()) {
            try {
                return Long.parseLong(node.stringValue().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
