package dev.slipway.worker.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.worker.build.ImageBuildFailedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PushReferenceTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1:5000/team/app:1.0, 127.0.0.1:5000/team/app, 1.0",
        "127.0.0.1:5000/team/app, 127.0.0.1:5000/team/app, latest",
        "registry.example.com/app:v2_rc-1, registry.example.com/app, v2_rc-1",
        "app, app, latest",
        "app:1, app, 1",
        "localhost:5000/app, localhost:5000/app, latest"
    })
    void aTagIsSplitAtTheColonAfterTheLastSlash(String reference, String repository, String tag) {
        PushReference parsed = PushReference.parse(reference);

        assertThat(parsed).isEqualTo(new PushReference(repository, tag));
        assertThat(parsed.reference()).isEqualTo(repository + ":" + tag);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1:5000/team/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "app:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "app:",
                "app:.hidden",
                "app:has space",
                ":1.0",
                "",
                "127.0.0.1:5000/"
            })
    void aReferenceNamingNoTagToPushIsTheJobsFailure(String reference) {
        assertThatThrownBy(() -> PushReference.parse(reference))
                .isInstanceOf(ImageBuildFailedException.class)
                .hasMessageStartingWith("cannot push '" + reference + "'");
    }
}
