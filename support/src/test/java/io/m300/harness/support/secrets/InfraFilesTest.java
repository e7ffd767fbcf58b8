package io.m300.harness.support.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfraFilesTest {

    @TempDir
    Path infra;

    private void write(String relative, String text) throws IOException {
        Path p = infra.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void terraformFilesAreTheCodeAndVariablesFilesOutsideTheSkippedFolders() throws IOException {
        write("main.tf", "resource {}");
        write("prod.tfvars", "a = 1");
        write("extra.tfvars.json", "{}");
        write("override.tf.json", "{}");
        write("modules/net/net.tf", "module");
        write("README.md", "docs");
        write(".terraform/modules/x/y.tf", "downloaded");
        write("mutants/SEC-01/literal.tf", "mutant");
        write("build/out.tf", "built");

        assertThat(InfraFiles.terraformFiles(infra))
                .containsOnlyKeys(
                        Path.of("extra.tfvars.json"),
                        Path.of("main.tf"),
                        Path.of("modules/net/net.tf"),
                        Path.of("override.tf.json"),
                        Path.of("prod.tfvars"))
                .containsEntry(Path.of("main.tf"), "resource {}");
    }

    @Test
    void deployedFilesAreEveryFileButWorkingDataMutantsGitAndState() throws IOException {
        write("main.tf", "x");
        write("lambda/snapshot.zip", "zip");
        write("build/package.zip", "built");
        write("terraform.tfstate", "state");
        write("terraform.tfstate.backup", "state");
        write(".terraform/providers/p", "binary");
        write("mutants/NET-01/x.tf", "mutant");
        write(".git", "gitdir: elsewhere");

        assertThat(InfraFiles.deployedFiles(infra))
                .containsExactly(
                        infra.resolve("build/package.zip"),
                        infra.resolve("lambda/snapshot.zip"),
                        infra.resolve("main.tf"));
    }

    @Test
    void aMissingDirectoryIsAOneLineError() {
        Path missing = infra.resolve("absent");
        assertThatThrownBy(() -> InfraFiles.terraformFiles(missing))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot read infra directory " + missing);
    }
}
