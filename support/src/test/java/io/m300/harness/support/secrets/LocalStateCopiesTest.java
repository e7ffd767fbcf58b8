package io.m300.harness.support.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStateCopiesTest {

    @Test
    void backupsAndPlansGoTheLiveStateOnlyWhenAsked(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("infra"));
        for (String f : new String[] {
            "infra/terraform.tfstate",
            "infra/terraform.tfstate.backup",
            "infra/errored.tfstate",
            "verify.tfplan",
            "infra/main.tf"
        }) {
            Files.writeString(dir.resolve(f), "x");
        }
        assertThat(LocalStateCopies.remove(dir, false)).hasSize(3);
        assertThat(dir.resolve("infra/terraform.tfstate")).exists();
        assertThat(dir.resolve("infra/main.tf")).exists();
        assertThat(LocalStateCopies.remove(dir, true)).containsExactly(dir.resolve("infra/terraform.tfstate"));
        assertThat(dir.resolve("infra/main.tf")).exists();
    }
}
