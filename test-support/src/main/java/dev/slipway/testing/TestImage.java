package dev.slipway.testing;

/**
 * The image jobs run in tests. No registry is reachable in CI, so {@code deploy/dev/make-test-image.sh}
 * imports it from the host's static busybox; it has {@code sh}, {@code seq}, {@code sleep} and friends.
 */
public final class TestImage {

    public static final String BUSYBOX = "busybox:latest";

    /** Label carried by every container a test starts itself, so a crashed run can be cleaned up. */
    public static final String TEST_LABEL = "slipway.test";

    private TestImage() {}
}
