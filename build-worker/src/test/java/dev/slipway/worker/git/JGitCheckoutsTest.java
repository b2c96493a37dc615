package dev.slipway.worker.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JGitCheckoutsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "10.1.2.3",
                "172.16.0.1",
                "192.168.1.1",
                "169.254.169.254",
                "100.64.0.1",
                "::1",
                "fd00::1",
                "fe80::1",
                "0.0.0.0"
            })
    void theWorkersOwnNetworkIsPrivate(String address) throws Exception {
        assertThat(JGitCheckouts.isPrivate(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"140.82.121.3", "172.32.0.1", "100.128.0.1", "2606:4700::1111"})
    void publicAddressesAreNot(String address) throws Exception {
        assertThat(JGitCheckouts.isPrivate(InetAddress.getByName(address))).isFalse();
    }
}
