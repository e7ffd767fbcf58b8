package io.m300.harness.support.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.report.Progress;
import io.m300.harness.support.target.ProcessRegistry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerraformLogTest {

    @Test
    void theRawStateOfStatePullNeverReachesTheLog(@TempDir Path dir) throws Exception {
        Path fake = dir.resolve("terraform");
        Files.writeString(fake, "#!/bin/sh\necho '{\"version\":4,\"resources\":[{\"password\":\"Leaky-Pw-123\"}]}'\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path log = dir.resolve("terraform.log");
        Terraform tf = new Terraform(
                fake.toString(),
                dir,
                Map.of(),
                Duration.ofSeconds(30),
                log,
                new Progress(new PrintStream(OutputStream.nullOutputStream())),
                new ProcessRegistry(dir.resolve("processes")));
        assertThat(tf.statePull()).contains("Leaky-Pw-123");
        assertThat(Files.readString(log)).contains("$ state pull").doesNotContain("Leaky-Pw-123");
    }
}
