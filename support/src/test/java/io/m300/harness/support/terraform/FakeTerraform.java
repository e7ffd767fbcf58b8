package io.m300.harness.support.terraform;

import io.m300.harness.support.report.Progress;
import io.m300.harness.support.target.ProcessRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

/** A {@link Terraform} whose binary is a shell script of the test's, in {@code dir}. */
public final class FakeTerraform {

    private FakeTerraform() {}

    /** Writes {@code script} as {@code dir/terraform} and returns a Terraform that runs it, quietly. */
    public static Terraform at(Path dir, String script) throws IOException {
        Path fake = dir.resolve("terraform");
        Files.writeString(fake, script);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new Terraform(
                fake.toString(),
                dir,
                Map.of(),
                Duration.ofSeconds(30),
                dir.resolve("terraform.log"),
                new Progress(new PrintStream(OutputStream.nullOutputStream())),
                new ProcessRegistry(dir.resolve("processes")));
    }
}
