package dev.slipway.gateway.stream;

/** Redis stream ids ({@code <milliseconds>-<sequence>}) compared as the numbers they are. */
public final class StreamIds {

    private StreamIds() {}

    public static boolean isValid(String id) {
        int dash = id.indexOf('-');
        if (dash <= 0 || dash == id.length() - 1) {
            return false;
        }
        try {
            return Long.parseUnsignedLong(id.substring(0, dash)) >= 0
                    && Long.parseUnsignedLong(id.substring(dash + 1)) >= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public static int compare(String a, String b) {
        int dashA = a.indexOf('-');
        int dashB = b.indexOf('-');
        int byTime = Long.compareUnsigned(
                Long.parseUnsignedLong(a.substring(0, dashA)), Long.parseUnsignedLong(b.substring(0, dashB)));
        if (byTime != 0) {
            return byTime;
        }
        return Long.compareUnsigned(
                Long.parseUnsignedLong(a.substring(dashA + 1)), Long.parseUnsignedLong(b.substring(dashB + 1)));
    }
}
