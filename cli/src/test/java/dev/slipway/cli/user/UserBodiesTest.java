package dev.slipway.cli.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The JSON that users create, users set and tokens create send, as the gateway's records name the fields. */
class UserBodiesTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private static final UserBodies.QuotaOptions NO_QUOTAS = new UserBodies.QuotaOptions(null, null, null, null);

    @Test
    void aNewUserHasItsNameRoleAndOnlyTheQuotasGiven() {
        assertThat(json.writeValueAsString(UserBodies.newUser(json, "ana", Role.OPERATOR, NO_QUOTAS)))
                .isEqualTo("{\"name\":\"ana\",\"role\":\"operator\"}");
        assertThat(json.writeValueAsString(
                        UserBodies.newUser(json, "ana", Role.USER, new UserBodies.QuotaOptions(3, null, 1.5, 2048L))))
                .isEqualTo(
                        "{\"name\":\"ana\",\"role\":\"user\","
                                + "\"quotas\":{\"maxActiveJobs\":3,\"maxEnvironmentCpus\":1.5,\"maxEnvironmentMemoryMb\":2048}}");
    }

    @Test
    void aChangeCarriesOnlyWhatWasGiven() {
        assertThat(json.writeValueAsString(UserBodies.change(json, null, true, NO_QUOTAS)))
                .isEqualTo("{\"disabled\":true}");
        assertThat(json.writeValueAsString(
                        UserBodies.change(json, Role.ADMIN, null, new UserBodies.QuotaOptions(null, 2, null, null))))
                .isEqualTo("{\"role\":\"admin\",\"quotas\":{\"maxEnvironments\":2}}");
    }

    @Test
    void aChangeOfNothingIsRefused() {
        assertThatThrownBy(() -> UserBodies.change(json, null, null, NO_QUOTAS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nothing to change");
    }

    @Test
    void aTokenRequestNamesItAndItsLifetimeOnlyWhenGiven() {
        assertThat(json.writeValueAsString(UserBodies.newToken(json, "ci", 7)))
                .isEqualTo("{\"name\":\"ci\",\"expiresInDays\":7}");
        assertThat(json.writeValueAsString(UserBodies.newToken(json, "cli", null)))
                .isEqualTo("{\"name\":\"cli\"}");
    }
}
