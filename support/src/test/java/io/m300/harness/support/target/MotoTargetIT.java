package io.m300.harness.support.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.aws.AwsClients;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Needs moto_server on PATH: starts a real one, probes it, and checks that nothing is left running. */
class MotoTargetIT {

    @TempDir
    Path dir;

    @Test
    void startsProbesAndStopsWithoutLeavingAProcess() {
        assumeTrue(MotoTarget.binary().isPresent(), "moto_server is not on PATH");
        ProcessRegistry registry = new ProcessRegistry(dir.resolve("processes"));
        MotoTarget moto = new MotoTarget("eu-central-1", registry, dir.resolve("moto.log"));
        TargetEnvironment env = moto.start();
        long pid;
        try {
            assertThat(env.endpoint()).isPresent();
            assertThat(env.capabilities().has(Capability.IAM_SIMULATION))
                    .as("moto 5 does not simulate IAM policies")
                    .isFalse();
            assertThat(env.capabilities().whyMissing(Capability.ALARM_ACTIONS)).isPresent();
            try (AwsClients aws = AwsClients.of(env)) {
                assertThat(aws.sts().getCallerIdentity().account()).isNotBlank();
            }
            pid = Long.parseLong(dir.resolve("processes").toFile().list()[0].replace(".pid", ""));
            assertThat(ProcessHandle.of(pid)
                            .flatMap(p -> p.info().commandLine())
                            .orElse(""))
                    .as("started through the launcher, and still named moto_server for process checks")
                    .contains("moto_server_launcher.py");
            assertThat(dir.resolve("moto.log")).content().doesNotContain("without its dispatch caches");
        } finally {
            moto.close();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        assertThat(dir.resolve("processes").toFile().list()).isEmpty();
    }

    @Test
    void aMotoTheLauncherCannotRunIsStartedAsItIs() throws Exception {
        Path real = MotoTarget.binary().orElse(null);
        assumeTrue(real != null, "moto_server is not on PATH");
        // a venv whose python cannot run the launcher, and whose moto_server is the real one
        Path bin = Files.createDirectories(dir.resolve("venv/bin"));
        Files.writeString(dir.resolve("venv/pyvenv.cfg"), "home = /usr/bin\n");
        Path python = Files.writeString(bin.resolve("python3"), "#!/bin/sh\nexit 3\n");
        Path server = Files.writeString(bin.resolve("moto_server"), "#!/bin/sh\nexec " + real + " \"$@\"\n");
        python.toFile().setExecutable(true);
        server.toFile().setExecutable(true);
        ProcessRegistry registry = new ProcessRegistry(dir.resolve("processes"));
        MotoTarget moto = new MotoTarget("eu-central-1", registry, dir.resolve("moto.log")).withServer(server);
        try {
            TargetEnvironment env = moto.start();
            try (AwsClients aws = AwsClients.of(env)) {
                assertThat(aws.sts().getCallerIdentity().account()).isNotBlank();
            }
        } finally {
            moto.close();
        }
        assertThat(dir.resolve("processes").toFile().list()).isEmpty();
    }

    @Test
    void anEndpointThatNobodyAnswersIsOneClearLine() {
        int port = MotoTarget.freePort();
        EndpointTarget target = new EndpointTarget(URI.create("http://127.0.0.1:" + port), "eu-central-1");
        assertThatThrownBy(target::start)
                .isInstanceOf(HarnessException.class)
                .hasMessage("the emulator (target endpoint) at http://127.0.0.1:" + port
                        + " does not answer: start it, or check harness.endpoint");
    }
}
