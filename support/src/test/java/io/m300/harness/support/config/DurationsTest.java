package io.m300.harness.support.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One grammar for every duration a user writes, and one rule for run ids. */
class DurationsTest {

    @Test
    void wholeNumbersWithAUnitAreDurationsAndAnythingElseIsNot() {
        assertThat(Durations.parse("90s")).contains(Duration.ofSeconds(90));
        assertThat(Durations.parse(" 20 M ")).contains(Duration.ofMinutes(20));
        assertThat(Durations.parse("24h")).contains(Duration.ofHours(24));
        assertThat(Durations.parse("2d")).contains(Duration.ofDays(2));
        assertThat(Durations.parse("soon")).isEmpty();
        assertThat(Durations.parse("1.5h")).isEmpty();
        assertThat(Durations.parse("-1m")).isEmpty();
        assertThat(Durations.parse("99999999999s"))
                .as("too large for a whole number of seconds")
                .isEmpty();
        assertThat(Durations.parse(null)).isEmpty();
    }

    @Test
    void runIdsFollowOneRule() {
        assertThat(RunIds.valid("m300-ab12cd")).isTrue();
        assertThat(RunIds.valid("m300n-1234-5678-9")).isTrue();
        assertThat(RunIds.valid("ab")).as("too short").isFalse();
        assertThat(RunIds.valid("a".repeat(21))).as("too long").isFalse();
        assertThat(RunIds.valid("m300--x")).isFalse();
        assertThat(RunIds.valid("m300-")).isFalse();
        assertThat(RunIds.valid("1m300")).isFalse();
        assertThat(RunIds.valid("M300-x")).isFalse();
        assertThat(RunIds.valid(null)).isFalse();
    }
}
