package dev.slipway.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceValidatorTest {

    private static final String DIGEST = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "busybox",
                "busybox:latest",
                "library/busybox:1.36",
                "registry.example.com:5000/team/app:v1.2-rc",
                "localhost/a/b",
                "a@" + DIGEST,
                "[::1]:5000/x:y",
                "my_org/my-app__x:TAG_1",
                "busybox:1.36@" + DIGEST,
                "Registry.Example.com/app"
            })
    void acceptsDockerReferences(String reference) {
        assertThat(ImageReferenceValidator.isValidReference(reference)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "BusyBox",
                "busybox:",
                ":tag",
                "a//b",
                "-a",
                "a b",
                "a:tag with space",
                "a@sha256:xyz",
                "a/",
                "a:-tag",
                "a@",
                "busybox\n",
                "a/B",
                "a:tag@sha256:0123"
            })
    void rejectsWhatDockerWouldReject(String reference) {
        assertThat(ImageReferenceValidator.isValidReference(reference)).isFalse();
    }

    @Test
    void rejectsANameLongerThan255Characters() {
        assertThat(ImageReferenceValidator.isValidReference("a".repeat(256))).isFalse();
        assertThat(ImageReferenceValidator.isValidReference("a".repeat(255))).isTrue();
        assertThat(ImageReferenceValidator.isValidReference("a".repeat(255) + ":latest"))
                .as("the tag does not count towards the name's length")
                .isTrue();
    }

    @Test
    void rejectsATagLongerThan128Characters() {
        assertThat(ImageReferenceValidator.isValidReference("a:" + "t".repeat(128)))
                .isTrue();
        assertThat(ImageReferenceValidator.isValidReference("a:" + "t".repeat(129)))
                .isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void leavesAbsenceToNotBlank(String value) {
        assertThat(new ImageReferenceValidator().isValid(value, null)).isTrue();
    }
}
