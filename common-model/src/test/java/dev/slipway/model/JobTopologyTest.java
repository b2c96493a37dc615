package dev.slipway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JobTopologyTest {

    @Test
    void aJobWithoutConstraintsIsRoutedToItsPoolsQueue() {
        assertThat(JobTopology.routeFor("rpm", Map.of())).isEqualTo("rpm");
        assertThat(JobTopology.queueFor("rpm")).isEqualTo("slipway.jobs.pool.rpm");
    }

    @Test
    void theRouteOfAConstraintSetIsThePoolAndADigestWhateverTheOrderOfTheConstraints() {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("arch", "x86_64");
        one.put("os", "linux");
        Map<String, String> other = new LinkedHashMap<>();
        other.put("os", "linux");
        other.put("arch", "x86_64");

        String route = JobTopology.routeFor("rpm", one);

        assertThat(route).matches("rpm@[0-9a-f]{16}");
        assertThat(JobTopology.routeFor("rpm", other)).isEqualTo(route);
        assertThat(JobTopology.routeFor("rpm", Map.of("arch", "aarch64"))).isNotEqualTo(route);
        assertThat(JobTopology.routeFor("deb", one)).isNotEqualTo(route).startsWith("deb@");
    }

    @Test
    void aConstraintRouteCannotCollideWithAPoolName() {
        String route = JobTopology.routeFor("rpm", Map.of("arch", "x86_64"));

        assertThatThrownBy(() -> JobTopology.queueFor(route)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSpecsRouteIsNotPartOfItsJsonAndOldSpecsWithoutConstraintsStillRead() {
        JsonMapper json = JsonMapper.builder().build();
        JobSpec spec = new JobSpec(
                "busybox",
                java.util.List.of("true"),
                null,
                Map.of(),
                null,
                new Resources(1, 64, 64),
                60,
                "rpm",
                Map.of(),
                1,
                Map.of("arch", "x86_64"),
                List.of(),
                null,
                0,
                null);

        String text = json.writeValueAsString(spec);

        assertThat(text).doesNotContain("\"route\"").contains("\"constraints\":{\"arch\":\"x86_64\"}");
        JobSpec old = json.readValue(text.replace(",\"constraints\":{\"arch\":\"x86_64\"}", ""), JobSpec.class);
        assertThat(old.constraints()).isEmpty();
        assertThat(old.route()).isEqualTo("rpm");
    }
}
