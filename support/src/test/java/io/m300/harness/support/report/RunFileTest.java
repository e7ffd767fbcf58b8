package io.m300.harness.support.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run.json and timings.json are written and read by one type each. */
class RunFileTest {

    @TempDir
    Path dir;

    @Test
    void whatTheHarnessWritesTheLivingDocsReadBack() {
        RunFile run = new RunFile(
                "m300-ab12",
                "moto",
                "moto_server (pid 7) on http://127.0.0.1:5000",
                "eu-central-1",
                "2026-12-07T02:00:00Z",
                "lambda-invoke: no");
        run.writeTo(dir);
        Timings.of(List.of(
                        new Progress.Timing("terraform apply", Duration.ofMillis(104_250), true),
                        new Progress.Timing("terraform destroy", Duration.ofSeconds(65), true)))
                .writeTo(dir);

        assertThat(RunFile.read(dir.resolve(RunFile.NAME))).isEqualTo(run);
        assertThat(Timings.read(dir.resolve(Timings.NAME)).seconds())
                .containsExactly(Map.entry("terraform apply", 104.25), Map.entry("terraform destroy", 65.0));
    }

    @Test
    void aFieldTheReaderDoesNotKnowIsIgnoredAndAMissingOneIsEmpty() throws Exception {
        Files.writeString(
                dir.resolve(RunFile.NAME), "{\"runId\":\"m300-x\",\"target\":\"aws\",\"account\":\"ignored\"}");

        RunFile read = RunFile.read(dir.resolve(RunFile.NAME));

        assertThat(read.runId()).isEqualTo("m300-x");
        assertThat(read.region()).isEmpty();
        Files.writeString(dir.resolve(Timings.NAME), "{\"apply\": \"soon\"}");
        assertThatThrownBy(() -> Timings.read(dir.resolve(Timings.NAME)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read " + dir.resolve(Timings.NAME));
    }
}
