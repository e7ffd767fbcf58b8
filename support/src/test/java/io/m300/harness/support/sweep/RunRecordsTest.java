package io.m300.harness.support.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The record of a failed night is never lost: a run's state and password parameter go only after a pass that found nothing else of it. */
class RunRecordsTest {

    private static final Set<String> WITH_RECORDS = Set.of("m300n1-a1", "m300n1-a2");

    @Test
    void aRunWithALeftoverKeepsItsRecordAndARunWithNothingElseLosesIt() {
        assertThat(RunRecords.deletable(WITH_RECORDS, Set.of("m300n1-a1"), true, false))
                .containsExactly("m300n1-a2");
    }

    @Test
    void aFailedOrDeniedListingKeepsEveryRecord() {
        assertThat(RunRecords.deletable(WITH_RECORDS, Set.of(), false, false))
                .as("the listing proves nothing")
                .isEmpty();
    }

    @Test
    void keepStateKeepsEveryRecord() {
        assertThat(RunRecords.deletable(WITH_RECORDS, Set.of(), true, true)).isEmpty();
    }

    @Test
    void theRunOfAParameterIsItsFirstPathSegment() {
        assertThat(RunRecords.runOfParameter("/m300n1-a1/db/password")).isEqualTo("m300n1-a1");
        assertThat(RunRecords.runOfParameter("/loose")).isNull();
    }
}
