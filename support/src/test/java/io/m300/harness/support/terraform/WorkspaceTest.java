package io.m300.harness.support.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.target.Capabilities;
import io.m300.harness.support.target.TargetEnvironment;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

class WorkspaceTest {

    @TempDir
    Path dir;

    private static TargetEnvironment emulator() {
        return new TargetEnvironment(
                "moto",
                "moto",
                Optional.of(URI.create("http://127.0.0.1:5000")),
                "eu-central-1",
                AnonymousCredentialsProvider.create(),
                Map.of(),
                Capabilities.all(),
                true);
    }

    private static TargetEnvironment aws() {
        return new TargetEnvironment(
                "aws",
                "aws",
                Optional.empty(),
                "eu-west-1",
                AnonymousCredentialsProvider.create(),
                Map.of(),
                Capabilities.all(),
                false);
    }

    @Test
    void emulatorOverrideSkipsAwsOnlyChecksAndNamesNoEndpoint() {
        String override = Workspace.providerOverride(emulator());
        assertThat(override)
                .contains(
                        "provider \"aws\"",
                        "region = \"eu-central-1\"",
                        "skip_credentials_validation = true",
                        "s3_use_path_style           = true");
        assertThat(Workspace.providerOverride(aws())).doesNotContain("skip_").contains("eu-west-1");
    }

    @Test
    void backendPointsAtTheEmulatorAndLeavesLockingToTheStack() {
        String backend = Workspace.backendConfig(emulator(), new Workspace.Backend("b", "m300/r/terraform.tfstate"));
        assertThat(backend).doesNotContain("use_lockfile");
        assertThat(backend)
                .contains(
                        "bucket       = \"b\"",
                        "encrypt      = true",
                        "endpoints = { s3 = \"http://127.0.0.1:5000\" }");
        assertThat(Workspace.backendConfig(aws(), new Workspace.Backend("b", "k")))
                .doesNotContain("endpoints", "path_style");
    }

    @Test
    void theAwsTargetAtAnEndpointValidatesItsCredentialsAsOnAws() {
        // the nightly rehearsal: target aws pointed at moto by AWS_ENDPOINT_URL
        TargetEnvironment rehearsal = new TargetEnvironment(
                "aws",
                "aws",
                Optional.of(URI.create("http://127.0.0.1:5000")),
                "eu-west-1",
                AnonymousCredentialsProvider.create(),
                Map.of(),
                Capabilities.all(),
                true);
        assertThat(Workspace.providerOverride(rehearsal))
                .contains("s3_use_path_style")
                .doesNotContain("skip_credentials_validation");
        assertThat(Workspace.backendConfig(rehearsal, new Workspace.Backend("b", "k"), "eu-central-1"))
                .contains("use_path_style", "sts = \"http://127.0.0.1:5000\"", "region       = \"eu-central-1\"")
                .doesNotContain("skip_credentials_validation");
    }

    @Test
    void aLegInASecondRegionKeepsItsStateInTheBucketsRegion() {
        // the run deploys to eu-west-1 (aws()), the state bucket lives in eu-central-1 (harness.stateRegion)
        assertThat(Workspace.backendConfig(aws(), new Workspace.Backend("b", "k"), "eu-central-1"))
                .contains("region       = \"eu-central-1\"")
                .doesNotContain("eu-west-1");
        assertThat(Workspace.backendConfig(aws(), new Workspace.Backend("b", "k")))
                .contains("region       = \"eu-west-1\"");
    }

    @Test
    void lambdaZipIsReproducible() throws Exception {
        Path src = Files.createDirectories(dir.resolve("lambda"));
        Files.writeString(src.resolve("snapshot.py"), "def handler(e, c):\n    return 1\n");
        Workspace.buildLambdaZip(src, dir.resolve("a.zip"));
        Thread.onSpinWait();
        Workspace.buildLambdaZip(src, dir.resolve("b.zip"));
        assertThat(Files.readAllBytes(dir.resolve("a.zip"))).isEqualTo(Files.readAllBytes(dir.resolve("b.zip")));
    }
}
