package dev.slipway.cli.output;

import java.io.PrintStream;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** One object as {@code name: value} lines, for the readable form of a {@code get}. */
public final class Fields {

    private Fields() {}

    public static void print(JsonNode object, PrintStream out) {
        int width = 0;
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            width = Math.max(width, field.getKey().length());
        }
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            JsonNode value = field.getValue();
            String text = value.isNull() ? "-" : value.isValueNode() ? value.asString() : value.toString();
            out.println(field.getKey() + ":" + " ".repeat(width - field.getKey().length() + 1) + text);
        }
    }

    /** A node's text, or "-" when it is missing or null. */
    public static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? "-" : node.isValueNode() ? node.asString() : node.toString();
    }
}
