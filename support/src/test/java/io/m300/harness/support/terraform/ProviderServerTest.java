package io.m300.harness.support.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.report.Progress;
import io.m300.harness.support.target.ProcessRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderServerTest {

    private static final String REATTACH =
            "{\"registry.terraform.io/hashicorp/aws\":{\"Protocol\":\"grpc\",\"ProtocolVersion\":5,"
                    + "\"Pid\":1,\"Test\":true,\"Addr\":{\"Network\":\"unix\",\"String\":\"/tmp/plugin1\"}}}";

    /** The line of the provider's banner that says how to attach. */
    private static final String BANNER = "\tTF_REATTACH_PROVIDERS='" + REATTACH + "'\n";

    @TempDir
    Path dir;

    private Path script(String name, String body) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f;
    }

    /** A Terraform that runs the fake {@code tf} in {@code dir}. */
    private Terraform terraform(Path tf, ProcessRegistry registry) {
        return new Terraform(
                tf.toString(),
                dir,
                Map.of(),
                Duration.ofSeconds(30),
                dir.resolve("tf.log"),
                Progress.console(),
                registry);
    }

    /** A fake provider that runs {@code before}, prints {@code banner} (how to attach to it) and stays up. */
    private Path provider(String before, String banner) throws Exception {
        Path printed = Files.writeString(dir.resolve("banner.txt"), banner);
        return script("provider", before + "cat " + printed + "\nexec sleep 60\n");
    }

    private Path infra(String... files) throws Exception {
        Path infra = Files.createDirectories(dir.resolve("infra"));
        for (int i = 0; i < files.length; i += 2) {
            Path f = infra.resolve(files[i]);
            Files.createDirectories(f.getParent());
            Files.writeString(f, files[i + 1]);
        }
        return infra;
    }

    @Test
    void oneProviderBlockWithoutAliasIsOneConfiguration() throws Exception {
        Path infra = infra(
                "providers.tf",
                "provider \"aws\" {\n  default_tags { tags = { a = \"b\" } }\n}\n",
                "harness_override.tf",
                "provider \"aws\" {\n  region = \"eu-central-1\"\n}\n",
                "main.tf",
                "resource \"aws_vpc\" \"v\" {}\n");
        assertThat(ProviderServer.soleConfiguration(infra, dir.resolve("tf-data")))
                .isTrue();
        // no provider block at all: the default configuration, one
        Path bare = Files.createDirectories(dir.resolve("bare"));
        Files.writeString(bare.resolve("main.tf"), "resource \"aws_vpc\" \"v\" {}\n");
        assertThat(ProviderServer.soleConfiguration(bare, dir.resolve("tf-data")))
                .isTrue();
    }

    @Test
    void anAliasASecondBlockOrAModuleWithItsOwnProviderKeepsOneProcessPerConfiguration() throws Exception {
        Path aliased = infra(
                "providers.tf",
                "provider \"aws\" {}\nprovider \"aws\" {\n  alias  = \"us_east_1\"\n  region = \"us-east-1\"\n}\n");
        assertThat(ProviderServer.soleConfiguration(aliased, dir.resolve("tf-data")))
                .isFalse();

        Path twoDirs = Files.createDirectories(dir.resolve("two"));
        Files.writeString(twoDirs.resolve("providers.tf"), "provider \"aws\" {}\n");
        Files.createDirectories(twoDirs.resolve("modules/net"));
        Files.writeString(
                twoDirs.resolve("modules/net/main.tf"), "  provider \"aws\" {\n    region = var.region\n  }\n");
        assertThat(ProviderServer.soleConfiguration(twoDirs, dir.resolve("tf-data")))
                .isFalse();

        Path fetched = Files.createDirectories(dir.resolve("fetched"));
        Files.writeString(fetched.resolve("main.tf"), "module \"x\" { source = \"acme/x/aws\" }\n");
        Path data = Files.createDirectories(dir.resolve("data/modules/x"));
        Files.writeString(
                data.resolve("versions.tf"),
                "terraform {\n  required_providers {\n    aws = {\n      source = \"hashicorp/aws\"\n"
                        + "      configuration_aliases = [aws.peer]\n    }\n  }\n}\n");
        assertThat(ProviderServer.soleConfiguration(fetched, dir.resolve("data")))
                .isFalse();
    }

    @Test
    void theInstalledBinaryIsFoundInTheDataDirectory() throws Exception {
        Path data = dir.resolve("tf-data");
        assertThat(ProviderServer.installedBinary(data)).isEmpty();
        Path platform = Files.createDirectories(
                data.resolve("providers/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64"));
        Path binary = script("x", "exit 0\n");
        Files.move(binary, platform.resolve("terraform-provider-aws_v5.100.0_x5"));
        assertThat(ProviderServer.installedBinary(data))
                .contains(platform.resolve("terraform-provider-aws_v5.100.0_x5"));

        // from a filesystem mirror, init links the platform folder
        Path mirrored = dir.resolve("mirrored");
        Path version =
                Files.createDirectories(mirrored.resolve("providers/registry.terraform.io/hashicorp/aws/5.100.0"));
        Files.createSymbolicLink(version.resolve("linux_amd64"), platform);
        assertThat(ProviderServer.installedBinary(mirrored))
                .contains(version.resolve("linux_amd64/terraform-provider-aws_v5.100.0_x5"));
    }

    @Test
    void commandsAttachWhileTheServerRunsAndStartTheirOwnOnceItEnded() throws Exception {
        // what the real provider prints when started with -debug
        Path provider = provider(
                "",
                "Provider started. To attach Terraform CLI, set the "
                        + "TF_REATTACH_PROVIDERS environment variable with the following:\n\n\tTF_REATTACH_PROVIDERS='"
                        + REATTACH + "'\n");
        ProcessRegistry registry = new ProcessRegistry(dir.resolve("processes"));
        var server = ProviderServer.start(
                provider, dir, Map.of("AWS_REGION", "eu-central-1"), dir.resolve("provider.log"), registry);
        assertThat(server).isPresent();
        assertThat(server.get().reattach()).contains(REATTACH);
        assertThat(dir.resolve("processes").resolve(server.get().pid() + ".pid"))
                .exists();

        // a fake terraform that prints what it was given
        Path tf = script("terraform", "echo \"reattach=$TF_REATTACH_PROVIDERS\"\n");
        Terraform terraform = terraform(tf, registry);
        terraform.attach(server.get());
        assertThat(terraform.run(List.of("plan"), false).stdout()).contains("reattach=" + REATTACH);

        server.get().close();
        assertThat(server.get().reattach()).isEmpty();
        assertThat(dir.resolve("processes").resolve(server.get().pid() + ".pid"))
                .doesNotExist();
        assertThat(terraform.run(List.of("plan"), false).stdout())
                .contains("reattach=")
                .doesNotContain("grpc");
        terraform.detach();
    }

    @Test
    void aCommandThatFailsWithTheSharedProviderRunsAgainWithItsOwnAndTheSharedOneIsGivenUp() throws Exception {
        // the bundle reaches the shared process as its trusted roots, not as AWS_CA_BUNDLE (which it cannot apply
        // twice)
        Path provider = provider(
                "echo \"bundle=[$AWS_CA_BUNDLE] roots=[$SSL_CERT_FILE] cwd=[$(pwd)] log=[$TF_LOG/$TF_LOG_PROVIDER/$TF_LOG_SDK_PROTO]\"\n",
                BANNER);
        ProcessRegistry registry = new ProcessRegistry(dir.resolve("processes"));
        // a TF_LOG=trace of the caller must not reach it either: at trace level the provider prints secrets
        var server = ProviderServer.start(
                        provider,
                        dir,
                        Map.of("AWS_CA_BUNDLE", "/etc/ca.pem", "TF_LOG", "trace"),
                        dir.resolve("provider.log"),
                        registry)
                .orElseThrow();
        assertThat(Files.readString(dir.resolve("provider.log")))
                .contains("bundle=[] roots=[/etc/ca.pem] cwd=[" + dir.toRealPath() + "] log=[off/off/off]");

        Path tf = script(
                "terraform",
                "if [ -n \"$TF_REATTACH_PROVIDERS\" ]; then echo 'Error: unable to add custom RootCAs HTTPClient' >&2; "
                        + "exit 1; fi\necho applied\n");
        Terraform terraform = terraform(tf, registry);
        terraform.attach(server);
        terraform.apply(); // fails attached, then succeeds with its own provider
        assertThat(server.reattach()).as("the shared provider is stopped").isEmpty();
        assertThat(terraform.detach()).as("and no longer attached").isEmpty();
        assertThat(Files.readString(dir.resolve("tf.log"))).contains("applied");
    }

    @Test
    void theSharedProviderStartsWithTheFirstCommandThatNeedsOneAndOnlyThen() throws Exception {
        Path tf = script("terraform", "echo '{\"valid\":true}'\n");
        Terraform terraform = terraform(tf, new ProcessRegistry(dir.resolve("processes")));
        int[] starts = {0};
        terraform.attachOnFirstUse(() -> {
            starts[0]++;
            return Optional.empty(); // "did not start": every command starts its own
        });
        terraform.run(List.of("output", "-json"), false); // needs no provider: starts nothing
        terraform.statePull();
        assertThat(starts[0]).isZero();
        terraform.validate();
        terraform.validate();
        assertThat(starts[0])
                .as("started once, by the first command that needs a provider")
                .isEqualTo(1);
        assertThat(terraform.detach()).isEmpty();
    }

    @Test
    void anAnswerGivenWhileTheSharedProviderWentAwayIsAskedAgain() throws Exception {
        Path pidFile = dir.resolve("provider.pid");
        Path provider = provider("echo $$ > " + pidFile + "\n", BANNER);
        ProcessRegistry registry = new ProcessRegistry(dir.resolve("processes"));
        var server = ProviderServer.start(provider, dir, Map.of(), dir.resolve("provider.log"), registry)
                .orElseThrow();
        // attached, validate "answers" after the shared process died under it (as when an apply beside it gave it up)
        Path tf = script(
                "terraform",
                "if [ -n \"$TF_REATTACH_PROVIDERS\" ]; then kill $(cat " + pidFile + "); sleep 1; "
                        + "echo '{\"valid\":false,\"diagnostics\":[{\"summary\":\"Reattachment process not found\"}]}'; exit 1; fi\n"
                        + "echo '{\"valid\":true}'\n");
        Terraform terraform = terraform(tf, registry);
        terraform.attach(server);
        terraform.validate(); // asked again with its own provider: valid
        assertThat(terraform.detach()).isEmpty();
    }

    @Test
    void aBinaryThatNeverSaysHowToAttachIsNoServer() throws Exception {
        Path silent = script("silent", "echo 'something else'\nexit 3\n");
        ProcessRegistry registry = new ProcessRegistry(dir.resolve("processes"));
        assertThat(ProviderServer.start(silent, dir, Map.of(), dir.resolve("provider.log"), registry))
                .isEmpty();
        assertThat(Files.readString(dir.resolve("provider.log"))).contains("something else");
    }
}
