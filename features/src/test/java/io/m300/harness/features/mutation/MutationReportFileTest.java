package io.m300.harness.features.mutation;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.mutation.MutationVerdict;
import io.m300.harness.support.mutation.MutationVerdict.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MutationReportFileTest {

    @TempDir
    Path dir;

    private static MutationReportFile.Row row(String name, Verdict v, String restore) {
        String control = name.replaceAll("\\..*", "");
        return new MutationReportFile.Row(
                name,
                new MutationVerdict(control, v, Set.of(), "why " + name),
                42.0,
                "breaks " + name,
                "shard 1/2",
                restore,
                "");
    }

    @Test
    void shardsMergeIntoOneReportThatTheLivingDocsRead() throws Exception {
        var a = new MutationReportFile(
                "moto",
                Duration.ofSeconds(300),
                List.of(
                        row("NET-02.extra-group", Verdict.KILLED, "").over("DATA-04"),
                        row("DATA-04", Verdict.ERRORED, "")));
        var b = new MutationReportFile(
                "moto",
                Duration.ofSeconds(200),
                List.of(
                        row("NET-02", Verdict.KILLED, "revert failed: x; a second apply restored the baseline"),
                        row("IAM-01", Verdict.SURVIVED, "")));
        var merged = MutationReportFile.merge(List.of(a, b), Duration.ofSeconds(310));
        assertThat(merged.target()).isEqualTo("moto");
        assertThat(merged.sorted())
                .extracting(MutationReportFile.Row::name)
                .containsExactly("DATA-04", "IAM-01", "NET-02", "NET-02.extra-group");
        assertThat(merged.failing()).extracting(MutationReportFile.Row::name).containsExactly("DATA-04", "IAM-01");

        Path file = dir.resolve("mutation-report.json");
        merged.write(file);
        var again = MutationReportFile.read(file);
        assertThat(again.rows()).hasSize(4);
        assertThat(again.sorted().get(2).restore()).contains("second apply");
        assertThat(again.sorted().get(3).over()).isEqualTo("DATA-04");
        assertThat(again.sorted().get(2).over()).isEmpty();
        MutationReport docs = MutationReport.read(file);
        assertThat(docs.all("NET-02"))
                .extracting(MutationReport.Mutant::name)
                .containsExactly("NET-02", "NET-02.extra-group");
        assertThat(docs.all("DATA-04").get(0).errored()).isTrue();

        List<String> table = merged.table();
        assertThat(table).contains("control NET-02:");
        assertThat(String.join("\n", table))
                .contains("killed 2, survived 1, errored 1")
                .contains("[restore: revert failed: x; a second apply restored the baseline]")
                .contains("(applied over DATA-04)")
                .contains("1 of 4 mutants applied straight over the one before")
                .contains("baseline restored the hard way after 1 mutant(s)");
    }
}
