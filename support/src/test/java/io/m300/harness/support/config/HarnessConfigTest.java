package io.m300.harness.support.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.target.AwsTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarnessConfigTest {

    @TempDir
    Path project;

    @BeforeEach
    void infra() throws IOException {
        Files.createDirectories(project.resolve("infra"));
        Files.writeString(project.resolve("infra/versions.tf"), "terraform {}\n");
    }

    private HarnessConfig config(Map<String, String> props, Map<String, String> env) {
        Properties p = new Properties();
        p.putAll(props);
        return HarnessConfig.from(p, env, project.resolve("features"));
    }

    @Test
    void defaultsFindTheProjectsInfraAndChooseAuto() {
        HarnessConfig c = config(Map.of(), Map.of());
        assertThat(c.target()).isEqualTo("auto");
        assertThat(c.infraDir()).isEqualTo(project.resolve("infra"));
        assertThat(c.runId()).matches("m300-[a-z0-9]{6}");
        assertThat(c.workDir()).isEqualTo(project.resolve("features/target/harness"));
        assertThat(c.keep()).isFalse();
    }

    @Test
    void enforceRolePolicyFindsTheProjectsFileFromFeaturesAndNamesTheRunLikeANightlyOne() throws IOException {
        Files.createDirectories(project.resolve(".github"));
        Files.writeString(project.resolve(".github/policy.json"), "{}");
        HarnessConfig c = config(Map.of("harness.enforceRolePolicy", ".github/policy.json"), Map.of());
        assertThat(c.enforceRolePolicy()).contains(project.resolve(".github/policy.json"));
        assertThat(c.runId()).matches("m300n[a-z0-9]{6}");
        assertThat(config(Map.of(), Map.of()).enforceRolePolicy()).isEmpty();
    }

    @Test
    void enforceRolePolicyRejectsAMissingFileOtherTargetsAndKeep() throws IOException {
        assertThatThrownBy(() -> config(Map.of("harness.enforceRolePolicy", "nowhere.json"), Map.of()))
                .isInstanceOf(HarnessException.class)
                .hasMessageContaining("does not exist (harness.enforceRolePolicy)");
        Files.writeString(project.resolve("p.json"), "{}");
        assertThatThrownBy(() -> config(
                        Map.of("harness.enforceRolePolicy", "../p.json", "harness.target", "localstack"), Map.of()))
                .isInstanceOf(HarnessException.class)
                .hasMessageContaining("works on target moto only");
        assertThatThrownBy(() ->
                        config(Map.of("harness.enforceRolePolicy", "../p.json", "harness.keep", "true"), Map.of()))
                .isInstanceOf(HarnessException.class)
                .hasMessageContaining("cannot be combined with harness.keep");
    }

    @Test
    void twoRunsGetDifferentRunIds() {
        assertThat(config(Map.of(), Map.of()).runId())
                .isNotEqualTo(config(Map.of(), Map.of()).runId());
    }

    @Test
    void environmentVariablesAreReadWhenNoPropertyIsSet() {
        HarnessConfig c =
                config(Map.of("harness.target", "moto"), Map.of("HARNESS_TARGET", "aws", "HARNESS_RUN_ID", "ci-run-1"));
        assertThat(c.target()).isEqualTo("moto");
        assertThat(c.runId()).isEqualTo("ci-run-1");
    }

    @Test
    void unknownTargetIsOneClearLine() {
        assertThatThrownBy(() -> config(Map.of("harness.target", "nonsense"), Map.of()))
                .isInstanceOf(HarnessException.class)
                .hasMessage(
                        "unknown target 'nonsense' (harness.target): use one of auto, aws, endpoint, localstack, moto")
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    }

    @Test
    void unknownOptionIsRejected() {
        assertThatThrownBy(() -> config(Map.of("harness.tagret", "moto"), Map.of()))
                .isInstanceOf(HarnessException.class)
                .hasMessageStartingWith("unknown option harness.tagret: known options are ");
    }

    @Test
    void endpointTargetNeedsAnEndpoint() {
        assertThatThrownBy(() -> config(Map.of("harness.target", "endpoint"), Map.of()))
                .hasMessageContaining("needs harness.endpoint");
        assertThatThrownBy(
                        () -> config(Map.of("harness.target", "endpoint", "harness.endpoint", "not a url"), Map.of()))
                .hasMessageContaining("invalid endpoint 'not a url'");
    }

    @Test
    void awsTargetNeedsAStateBucket() {
        assertThatThrownBy(() -> config(Map.of("harness.target", "aws"), Map.of()))
                .hasMessageContaining("needs harness.stateBucket");
    }

    @Test
    void awsTargetNeedsTheAccountItMayTouch() {
        assertThatThrownBy(() -> config(Map.of("harness.target", "aws", "harness.stateBucket", "b"), Map.of()))
                .hasMessageContaining("needs harness.awsAccount");
        assertThatThrownBy(() -> config(
                        Map.of("harness.target", "aws", "harness.stateBucket", "b", "harness.awsAccount", "12345"),
                        Map.of()))
                .hasMessageContaining("invalid account '12345'");
        assertThat(config(
                                Map.of(
                                        "harness.target",
                                        "aws",
                                        "harness.stateBucket",
                                        "b",
                                        "harness.awsAccount",
                                        "123456789012"),
                                Map.of())
                        .awsAccount())
                .contains("123456789012");
        assertThatThrownBy(() -> AwsTarget.checkAccount("123456789012", "210987654321"))
                .hasMessage(
                        "target 'aws': the credentials belong to account ...4321, not to harness.awsAccount ...9012; nothing was touched");
        AwsTarget.checkAccount("123456789012", "123456789012");
    }

    @Test
    void localStackDefaultsToThePinnedTokenGatedImage() {
        assertThat(config(Map.of(), Map.of()).localstackImage())
                .matches("localstack/localstack-pro:20\\d\\d\\.\\d+\\.\\d+");
    }

    @Test
    void infraDirectoryWithoutTerraformIsRejected() {
        assertThatThrownBy(() -> config(Map.of("harness.infra", "nowhere"), Map.of()))
                .isInstanceOf(HarnessException.class)
                .hasMessageContaining("holds no Terraform");
    }

    @Test
    void badRunIdRegionAndDurationAreRejected() {
        assertThatThrownBy(() -> config(Map.of("harness.runId", "Bad_Id"), Map.of()))
                .hasMessageContaining("invalid run id");
        assertThatThrownBy(() -> config(Map.of("harness.region", "mars"), Map.of()))
                .hasMessageContaining("invalid region");
        assertThatThrownBy(() -> config(Map.of("harness.phaseTimeout", "soon"), Map.of()))
                .hasMessageContaining("invalid duration");
        assertThat(config(Map.of("harness.phaseTimeout", "90s"), Map.of()).phaseTimeout())
                .hasSeconds(90);
    }

    @Test
    void pluginMirrorMustExist() {
        assertThatThrownBy(() -> config(Map.of(), Map.of("TF_PLUGIN_MIRROR", "/no/such/mirror")))
                .hasMessageContaining("plugin mirror /no/such/mirror is not a directory");
    }

    @Test
    void pluginMirrorNoneMeansTheRegistryOnly() {
        assertThat(config(Map.of("harness.pluginMirror", "none"), Map.of()).pluginMirror())
                .isEmpty();
    }

    @Test
    void reuseKeepsTheStackAgainUnlessToldOtherwise() {
        assertThat(config(Map.of("harness.reuse", "true"), Map.of()).keep()).isTrue();
        assertThat(config(Map.of("harness.reuse", "true", "harness.keep", "false"), Map.of())
                        .keep())
                .isFalse();
    }

    @Test
    void booleansAreStrict() {
        assertThatThrownBy(() -> config(Map.of("harness.keep", "yes"), Map.of()))
                .hasMessageContaining("use true or false");
    }

    @Test
    void toolsAreFetchedIntoTheXdgCacheAtThePinnedVersionUnlessToldOtherwise() {
        Provisioning p =
                config(Map.of(), Map.of("XDG_CACHE_HOME", "/home/u/.xdg")).provisioning();
        assertThat(p.cacheDir()).isEqualTo(Path.of("/home/u/.xdg/m300-harness"));
        assertThat(p.terraformVersion()).isEqualTo("1.11.4");
        assertThat(p.terraformReleases()).hasToString("https://releases.hashicorp.com/terraform/1.11.4/");
        assertThat(config(Map.of(), Map.of()).provisioning().cacheDir())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "m300-harness"));

        Provisioning set = config(
                        Map.of(
                                "harness.cacheDir",
                                "/var/cache/m300",
                                "harness.terraformVersion",
                                "1.12.0",
                                "harness.terraformReleases",
                                "http://127.0.0.1:8000/tf"),
                        Map.of())
                .provisioning();
        assertThat(set.cacheDir()).isEqualTo(Path.of("/var/cache/m300"));
        assertThat(set.terraformVersion()).isEqualTo("1.12.0");
        assertThat(set.terraformReleases()).hasToString("http://127.0.0.1:8000/tf/");
        assertThat(config(Map.of(), Map.of("HARNESS_TERRAFORM_VERSION", "1.11.5"))
                        .provisioning()
                        .terraformVersion())
                .isEqualTo("1.11.5");
    }

    @Test
    void aBadTerraformVersionOrReleasesUrlIsOneLine() {
        assertThatThrownBy(() -> config(Map.of("harness.terraformVersion", "latest"), Map.of()))
                .hasMessage(
                        "invalid Terraform version 'latest' (harness.terraformVersion): expected a release like 1.11.4");
        assertThatThrownBy(() -> config(Map.of("harness.terraformReleases", "releases.example"), Map.of()))
                .hasMessageStartingWith(
                        "invalid URL 'releases.example' (harness.terraformReleases): expected the folder of a Terraform release");
    }
}
