package dev.slipway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class LogReadsTest {

    @Test
    void aPageOfTheLargestEntriesStaysWithinTheBudget() {
        GatewayProperties.LogReads reads =
                new GatewayProperties.LogReads(DataSize.ofMegabytes(4), DataSize.ofKilobytes(544));

        assertThat(reads.entriesPerRead()).isEqualTo(7);
        assertThat(reads.entriesPerRead() * DataSize.ofKilobytes(544).toBytes())
                .isLessThanOrEqualTo(DataSize.ofMegabytes(4).toBytes());
    }

    @Test
    void aBudgetSmallerThanOneEntryStillReadsOneAtATime() {
        assertThat(new GatewayProperties.LogReads(DataSize.ofKilobytes(1), DataSize.ofKilobytes(544)).entriesPerRead())
                .isEqualTo(1);
    }

    @Test
    void smallEntriesAreReadAtMostFiveHundredAtATime() {
        assertThat(new GatewayProperties.LogReads(DataSize.ofMegabytes(64), DataSize.ofBytes(100)).entriesPerRead())
                .isEqualTo(500);
    }
}
