package dev.slipway.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogPositionTest {

    @Test
    void anEventIdNamesTheEntryAndTheLineWithinIt() {
        LogPosition position = LogPosition.parse("1795492749832-3.17").orElseThrow();

        assertThat(position).isEqualTo(new LogPosition("1795492749832-3", 17));
    }

    @Test
    void onlyLinesAfterThePositionAreNew() {
        LogPosition position = new LogPosition("100-2", 5);

        assertThat(position.firstLineAfter("100-2"))
                .as("the same entry: after line 5")
                .isEqualTo(6);
        assertThat(position.firstLineAfter("100-3"))
                .as("a later entry: all of it")
                .isZero();
        assertThat(position.firstLineAfter("100-1"))
                .as("an earlier entry: none of it")
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(position.firstLineAfter("99-9"))
                .as("an earlier entry: none of it")
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(LogPosition.parse("100-2").orElseThrow().firstLineAfter("100-2"))
                .as("an entry seen whole")
                .isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void aPartlySeenEntryIsReadAgainAndAWhollySeenOneIsNot() {
        assertThat(new LogPosition("100-2", 5).readAfterId()).isEqualTo("100-1");
        assertThat(new LogPosition("100-0", 5).readAfterId()).isEqualTo("99-18446744073709551615");
        assertThat(LogPosition.parse("100-2").orElseThrow().readAfterId()).isEqualTo("100-2");
        assertThat(LogPosition.START.firstLineAfter("0-1")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "12", "-1", "1-", "1-2.x", "1-2.-3", "a-b.1"})
    void idsThisApiNeverSentAreRejected(String id) {
        assertThat(LogPosition.parse(id)).isEmpty();
    }

    @Test
    void streamIdsCompareAsNumbersNotText() {
        assertThat(StreamIds.compare("9-0", "10-0")).isNegative();
        assertThat(StreamIds.compare("10-10", "10-9")).isPositive();
        assertThat(StreamIds.compare("10-9", "10-9")).isZero();
    }
}
