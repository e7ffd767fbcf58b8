package io.m300.harness.features.mutation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The mutation run ({@code ./mvnw verify -Pmutation}): see {@link MutationRun} for shards, and
 * {@link MutationShard} for what happens to each mutant. Fails naming every mutant that survived,
 * errored (its control's check threw instead of asserting), or could not be applied.
 */
class MutationIT {

    @Test
    void everyMutantOfACheckableControlIsKilled() throws Exception {
        MutationReportFile report = new MutationRun().run();
        assertThat(report.rows()).as("mutants in the run").isNotEmpty();
        assertThat(report.failing().stream().map(MutationReportFile::line).toList())
                .as("mutants that survived (their control's check did not notice the control was broken), errored "
                        + "(the check threw instead of asserting: it proves nothing) or could not be applied")
                .isEmpty();
    }
}
