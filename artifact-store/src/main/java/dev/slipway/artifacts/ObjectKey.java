package dev.slipway.artifacts;

import java.util.List;

/**
 * A key in the store: {@code /}-separated segments, none empty, {@code .} or {@code ..}, none with a
 * backslash or a control character. What a key names therefore stays under the store's root,
 * whichever adapter maps it to a file or an object name.
 */
public record ObjectKey(String value) {

    public ObjectKey {
        String problem = problemWith(value);
        if (problem != null) {
            throw new IllegalArgumentException("not a store key: " + problem + ": " + value);
        }
    }

    /** A key of these segments, each checked. */
    public static ObjectKey of(String first, String... more) {
        StringBuilder key = new StringBuilder(first);
        for (String segment : more) {
            key.append('/').append(segment);
        }
        return new ObjectKey(key.toString());
    }

    /** A key under this one. */
    public ObjectKey child(String relative) {
        return new ObjectKey(value + "/" + relative);
    }

    public List<String> segments() {
        return List.of(value.split("/", -1));
    }

    /** Why {@code key} is no key, or null when it is one. */
    public static @org.jspecify.annotations.Nullable String problemWith(String key) {
        if (key.isEmpty()) {
            return "it is empty";
        }
        if (key.length() > 1024) {
            return "it is longer than 1024 characters";
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                return "it has an empty segment (a leading, trailing or doubled /)";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "it has a '" + segment + "' segment";
            }
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\' || Character.isISOControl(c)) {
                return "it has a backslash or a control character";
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return value;
    }
}
