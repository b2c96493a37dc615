package dev.slipway.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ObjectKeyTest {

    @Test
    void aKeyIsRelativeSegmentsThatStayUnderTheRoot() {
        assertThat(ObjectKey.of("jobs", "j1").child("out/sub/b.bin").segments())
                .containsExactly("jobs", "j1", "out", "sub", "b.bin");
        for (String escape :
                new String[] {"", "/etc/passwd", "a//b", "a/", "../x", "a/../b", "a/./b", "a\\b", "a\nb"}) {
            assertThatThrownBy(() -> new ObjectKey(escape))
                    .as("'%s'", escape)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(ObjectKey.problemWith(".hidden/..dots.../a b")).isNull();
    }
}
