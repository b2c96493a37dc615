package dev.slipway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobSpecRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/src", "/home/build/work", "/tmp/", "/procedures", "/devices/x", "/system"})
    void ordinaryAbsoluteDirectoriesAreAccepted(String workdir) {
        assertThat(JobSpecRules.workdirProblem(workdir)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /proc/self/fd/7   | must not be in /proc
            /proc             | must not be in /proc
            //proc//self      | must not be in /proc
            /sys/fs/cgroup    | must not be in /sys
            /dev              | must not be in /dev
            /dev/shm          | must not be in /dev
            /tmp/../proc/1    | must not contain '.' or '..' segments
            /src/./x          | must not contain '.' or '..' segments
            src               | must be an absolute path
            """)
    void directoriesIntoKernelFileSystemsOrClimbingOutAreRefused(String workdir, String reason) {
        assertThat(JobSpecRules.workdirProblem(workdir)).contains(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"root", "1000", "1000:1000", "build:wheel", "_apt", "nobody:65534"})
    void usersAsDockerTakesThemAreAccepted(String user) {
        assertThat(JobSpecRules.userProblem(user)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Root", "a b", "1000:", ":1000", "x;id", "12345678901"})
    void anythingElseIsRefusedAsAUser(String user) {
        assertThat(JobSpecRules.userProblem(user)).isPresent();
    }

    @Test
    void aScriptIsMeasuredAsTheOneArgumentItBecomesInUtf8() {
        assertThat(JobSpecRules.scriptBytes(List.of("ab", "é"))).isEqualTo(5); // a b \n and two bytes of é
        List<String> justFits = Collections.nCopies(2, "x".repeat(JobSpecRules.MAX_ARGUMENT_BYTES / 2));
        assertThat(JobSpecRules.scriptBytes(justFits)).isEqualTo(JobSpecRules.MAX_ARGUMENT_BYTES);
    }

    @Test
    void anEnvironmentEntryIsMeasuredWithItsNameAndEqualsSign() {
        assertThat(JobSpecRules.environmentEntryBytes("A", "xyz")).isEqualTo(5);
    }
}
