package dev.slipway.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceValidatorTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "busybox", "busybox:latest", "library/busybox:1.36", "registry.example.com:5000/team/app:v1.2-rc",
        "localhost/a/b", "a@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "[::1]:5000/x:y", "my_org/my-app__x:TAG_1"
    })
    void acceptsDockerReferences(String reference) {
        assertThat(ImageReferenceValidator.isValidReference(reference)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"BusyBox", "busybox:", ":tag", "a//b", "-a", "a b", "a:tag with space", "a@sha256:xyz", "a/", "a:-tag"})
    void rejectsWhatDockerWouldReject(String reference) {
        assertThat(ImageReferenceValidator.isValidReference(reference)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void rejectsANameLongerThan255Characters() {
        assertThat(ImageReferenceValidator.isValidReference("a".repeat(256))).isFalse();
        assertThat(ImageReferenceValidator.isValidReference("a".repeat(255))).isTrue();
    }
}
