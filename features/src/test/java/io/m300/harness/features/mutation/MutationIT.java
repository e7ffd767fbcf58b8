package io.m300.harness.features.mutation;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.config.HarnessConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The mutation run ({@code ./mvnw verify -Pmutation}): see {@link MutationRun} for shards, and
 * {@link MutationShard} for what happens to each mutant. Fails naming every mutant that survived,
 * was killed but tripped a control its README does not declare, errored (its control's check threw
 * or could not verify instead of asserting), or could not be applied; and when the
 * run left the developer's tree other than it found it (a mutant's repository patch not reverted).
 */
class MutationIT {

    @Test
    void everyMutantOfACheckableControlIsKilled() throws Exception {
        Path infra = HarnessConfig.fromSystem().infraDir();
        String before = workTree(infra);
        MutationReportFile report = new MutationRun().run();
        assertThat(report.rows()).as("mutants in the run").isNotEmpty();
        assertThat(report.failing().stream().map(MutationReportFile::line).toList())
                .as(
                        "mutants that survived (their control's check did not notice the control was broken), were killed but also tripped "
                                + "controls their README does not declare ('Also trips: <ID> (why)'), errored (the check threw or could not verify "
                                + "instead of asserting: it proves nothing) or could not be applied")
                .isEmpty();
        assertThat(workTree(infra))
                .as("the git work tree (status and diff) after the mutation run, against before it")
                .isEqualTo(before);
    }

    /** {@code git status --porcelain} and {@code git diff} of the work tree that holds {@code dir} ("" outside git). */
    private static String workTree(Path dir) throws Exception {
        StringBuilder b = new StringBuilder();
        for (String[] cmd : new String[][] {{"git", "status", "--porcelain"}, {"git", "diff"}}) {
            Process p = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            b.append(p.waitFor() == 0 ? out : "").append('\n');
        }
        return b.toString();
    }
}
