package dev.slipway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArtifactRulesTest {

    @Test
    void aStarStaysInItsSegmentAndADoubleStarCrossesAny() {
        ArtifactGlob rpms = ArtifactGlob.of("out/*.rpm");
        assertThat(rpms.matches("out/a.rpm")).isTrue();
        assertThat(rpms.matches("out/x86_64/a.rpm")).isFalse();
        assertThat(rpms.matches("a.rpm")).isFalse();

        ArtifactGlob logs = ArtifactGlob.of("build/**/*.log");
        assertThat(logs.matches("build/x.log")).isTrue();
        assertThat(logs.matches("build/a/b/x.log")).isTrue();
        assertThat(logs.matches("build/a/b/x.txt")).isFalse();
        assertThat(logs.matches("other/build/x.log")).isFalse();

        assertThat(ArtifactGlob.of("RPMS/**/*.rpm").matches("RPMS/noarch/hello-1.0-1.noarch.rpm"))
                .isTrue();
        assertThat(ArtifactGlob.of("file?.txt").matches("file1.txt")).isTrue();
        assertThat(ArtifactGlob.of("file?.txt").matches("file12.txt")).isFalse();
        assertThat(ArtifactGlob.of("a+b(c).txt").matches("a+b(c).txt"))
                .as("regex characters are literal")
                .isTrue();
    }

    @Test
    void aPatternOfADirectoryKeepsEverythingUnderIt() {
        assertThat(ArtifactGlob.of("out").matches("out/sub/b.bin")).isTrue();
        assertThat(ArtifactGlob.of("out/**").matches("out/sub/b.bin")).isTrue();
        assertThat(ArtifactGlob.of("out/**").matches("outside/b.bin")).isFalse();
        assertThat(ArtifactGlob.of("**").matches("any/thing")).isTrue();
    }

    @Test
    void excludeWinsOverPaths() {
        ArtifactSpec spec = new ArtifactSpec(List.of("build/**"), List.of("**/*.tmp"), ArtifactWhen.ON_SUCCESS, 60);

        assertThat(spec.keeps("build/a.o")).isTrue();
        assertThat(spec.keeps("build/sub/a.tmp")).isFalse();
        assertThat(spec.keeps("build/a.tmp")).isFalse();
        assertThat(spec.keeps("src/a.c")).isFalse();
    }

    @Test
    void whenSaysWhichEndsKeepArtifacts() {
        assertThat(ArtifactWhen.ON_SUCCESS.collects(true)).isTrue();
        assertThat(ArtifactWhen.ON_SUCCESS.collects(false)).isFalse();
        assertThat(ArtifactWhen.ON_FAILURE.collects(true)).isFalse();
        assertThat(ArtifactWhen.ON_FAILURE.collects(false)).isTrue();
        assertThat(ArtifactWhen.ALWAYS.collects(true)).isTrue();
        assertThat(ArtifactWhen.ALWAYS.collects(false)).isTrue();
        assertThat(ArtifactWhen.ofWire("on_failure")).isEqualTo(ArtifactWhen.ON_FAILURE);
    }

    @Test
    void aPatternThatCouldLeaveTheDirectoryIsRefused() {
        for (String bad : new String[] {"", "/etc/*", "../x", "a/../b", "a//b", "./a"}) {
            assertThat(ArtifactGlob.problemWith(bad)).as("'%s'", bad).isNotNull();
            assertThatThrownBy(() -> ArtifactGlob.of(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(ArtifactGlob.problemWith("x".repeat(300))).contains("256");
    }
}
