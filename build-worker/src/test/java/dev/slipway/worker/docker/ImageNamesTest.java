package dev.slipway.worker.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageNamesTest {

    @ParameterizedTest
    @CsvSource({
        "busybox, busybox:latest",
        "busybox:1.36, busybox:1.36",
        "localhost:5000/team/app, localhost:5000/team/app:latest",
        "localhost:5000/team/app:v2, localhost:5000/team/app:v2",
        "app@sha256:0123456789abcdef0123456789abcdef, app@sha256:0123456789abcdef0123456789abcdef"
    })
    void onlyAReferenceWithoutTagOrDigestGetsLatest(String reference, String expected) {
        assertThat(ImageNames.withDefaultTag(reference)).isEqualTo(expected);
    }
}
