package io.m300.harness.support.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.m300.harness.support.HarnessException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerraformTest {

    @TempDir
    Path dir;

    @Test
    void aMissingBinaryIsOneClearLine() {
        assertThatThrownBy(() -> TerraformVersion.require("/no/such/terraform"))
                .isInstanceOf(HarnessException.class)
                .hasMessageStartingWith("Terraform not found ('/no/such/terraform'): install Terraform >= 1.11");
    }

    @Test
    void anOldTerraformIsRefused() throws IOException {
        Path fake = dir.resolve("terraform");
        Files.writeString(fake, "#!/bin/sh\necho '{\"terraform_version\":\"1.5.7\"}'\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatThrownBy(() -> TerraformVersion.require(fake.toString()))
                .hasMessage(
                        "Terraform 1.5.7 is too old: the stack needs >= 1.11 (ephemeral resources and write-only arguments)");
    }

    @Test
    void theInstalledTerraformIsAccepted() {
        assertThat(TerraformVersion.require("terraform")).matches("1\\.\\d+\\.\\d+.*");
    }

    @Test
    void firstErrorTakesTheSummaryAndItsDetail() {
        String out = """
                aws_vpc.this: Creating...
                ╷
                │ Error: creating RDS DB Instance (m300-db): InvalidParameterValue: bad
                │
                │   with aws_db_instance.this,
                │   on rds.tf line 1, in resource "aws_db_instance" "this":
                ╵
                """;
        assertThat(TerraformErrors.firstError(out))
                .isEqualTo("creating RDS DB Instance (m300-db): InvalidParameterValue: bad");
        assertThat(TerraformErrors.firstError("")).isEqualTo("no output");
    }

    @Test
    void firstErrorKeepsTheWholeWrappedDetailWhereTheCauseIs() {
        String out = """
                Initializing provider plugins...
                - Finding hashicorp/aws versions matching "~> 5.100"...
                ╷
                │ Error: Failed to query available provider packages
                │
                │ Could not retrieve the list of available versions for provider hashicorp/aws:
                │ could not connect to registry.terraform.io: failed to request discovery
                │ document: dial tcp: no such host
                │
                │ To see which modules are currently depending on hashicorp/aws, run terraform providers
                ╵
                """;
        assertThat(TerraformErrors.firstError(out))
                .isEqualTo("Failed to query available provider packages: Could not retrieve the list "
                        + "of available versions for provider hashicorp/aws: could not connect to registry.terraform.io: failed to request "
                        + "discovery document: dial tcp: no such host");
    }

    @Test
    void firstErrorSkipsTheSourceSnippetAndTakesTheExplanation() {
        String out = """
                ╷
                │ Error: Unsupported argument
                │
                │   on main.tf line 2, in resource "aws_s3_bucket" "b":
                │    2:   bukcet = "x"
                │
                │ An argument named "bukcet" is not expected here.
                ╵
                ╷
                │ Error: something else
                ╵
                """;
        assertThat(TerraformErrors.firstError(out))
                .isEqualTo("Unsupported argument: An argument named \"bukcet\" is not expected here.");
    }
}
