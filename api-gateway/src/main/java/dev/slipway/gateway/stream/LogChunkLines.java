package dev.slipway.gateway.stream;

import dev.slipway.model.LogStream;
import java.io.IOException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the lines of a log chunk entry token by token, handing each to a callback, without
 * building the event and a record per line: a log stream carries millions of lines, and data
 * binding of records was the gateway's largest cost per line. Anything but a well-formed log chunk
 * whose type comes first (as the worker writes it) is left to the caller's data binding.
 */
final class LogChunkLines {

    /** Receives each line of a chunk; may fail as writing to a client does. */
    @FunctionalInterface
    interface Sink {
        void line(int index, LogStream stream, String text) throws IOException;
    }

    private final JsonMapper json;

    LogChunkLines(JsonMapper json) {
        this.json = json;
    }

    /** Hands every line to {@code sink}; false, having handed none, when the entry is not such a chunk. */
    boolean read(String payload, Sink sink) throws IOException {
        try (JsonParser parser = json.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT
                    || parser.nextToken() != JsonToken.PROPERTY_NAME || !"type".equals(parser.currentName())
                    || parser.nextToken() != JsonToken.VALUE_STRING || !"log".equals(parser.getString())) {
                return false;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (!"lines".equals(name)) {
                    parser.skipChildren();
                    continue;
                }
                if (parser.currentToken() != JsonToken.START_ARRAY) {
                    return false;
                }
                int index = 0;
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    LogStream stream = LogStream.STDOUT;
                    String text = null;
                    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                        String field = parser.currentName();
                        parser.nextToken();
                        switch (field) {
                            case "stream" -> stream = LogStream.valueOf(parser.getString());
                            case "text" -> text = parser.getString();
                            default -> parser.skipChildren();
                        }
                    }
                    sink.line(index++, stream, text == null ? "" : text);
                }
            }
            return true;
        }
    }
}
