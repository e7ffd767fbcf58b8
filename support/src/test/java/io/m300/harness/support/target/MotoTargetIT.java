package io.m300.harness.support.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.aws.AwsClients;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
            assertThat(env.capabilities().has(Capability.IAM_SIMULATION)).as("moto 5 does not simulate IAM policies").isFalse();
            assertThat(env.capabilities().whyMissing(Capability.ALARM_ACTIONS)).isPresent();
            try (AwsClients aws = AwsClients.of(env)) {
                assertThat(aws.sts().getCallerIdentity().account()).isNotBlank();
            }
            pid = Long.parseLong(dir.resolve("processes").toFile().list()[0].replace(".pid", ""));
            assertThat(ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("")).as("started through the launcher, and still named moto_server for process checks")
                    .contains("moto_server_launcher.py");
            assertThat(dir.resolve("moto.log")).content().doesNotContain("without its dispatch caches");
        } finally {
            moto.close();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(dir.resolve("processes").toFile().list()).isEmpty();
    }

    @Test
    void aMotoTheLauncherCannotRunIsStartedAsItIs() throws Exception {
        Path real = MotoTarget.binary().orElse(null);
        assumeTrue(real != null, "moto_server is not on PATH");
        // a venv whose python cannot run the launcher, and whose moto_server is the real one
        Path bin = java.nio.file.Files.createDirectories(dir.resolve("venv/bin"));
        Files.writeString(dir.resolve("venv/pyvenv.cfg"), "home = /usr/bin\n");
        Path python = java.nio.file.Files.writeString(bin.resolve("python3"), "#!/bin/sh\nexit 3\n");
        Path server = java.nio.file.Files.writeString(bin.resolve("moto_server"), "#!/bin/sh\nexec " + real + " \"$@\"\n");
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

    /** start-moto-early.sh as the root pom runs it (this JVM plays Maven), adopted by a run, stopped by it. */
    @Test
    void theEmulatorTheBuildStartedIsAdoptedAndStoppedByTheRun() throws Exception {
        assumeTrue(MotoTarget.binary().isPresent(), "moto_server is not on PATH");
        Path handoffs = dir.resolve("early");
        Process script = new ProcessBuilder("sh", "src/main/sh/start-moto-early.sh", handoffs.toString(), "", "", "", "")
                .redirectErrorStream(true).start();
        ProcessHandle suite = new ProcessBuilder("sleep", "60").start().toHandle();
        ProcessRegistry registry = new ProcessRegistry(dir.resolve("processes"));
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> Files.exists(handoffs.resolve(ProcessHandle.current().pid() + ".json")));
            EarlyEmulator.Handoff handoff = EarlyEmulator.claim(handoffs, suite).orElseThrow();
            assertThat(handoff.pid()).as("the script became moto (exec), Maven's child").isEqualTo(script.pid());
            MotoTarget moto = new MotoTarget("eu-central-1", registry, dir.resolve("moto.log")).adopting(handoff);
            try {
                TargetEnvironment env = moto.start();
                assertThat(env.description()).contains("pid " + handoff.pid() + ", started while Maven built the modules");
                try (AwsClients aws = AwsClients.of(env)) {
                    assertThat(aws.sts().getCallerIdentity().account()).isNotBlank();
                }
                assertThat(moto.logFile()).contains(handoff.log());
                assertThat(dir.resolve("processes").toFile().list()).as("recorded as this run's").hasSize(1);
            } finally {
                moto.close();
            }
            assertThat(script.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("stopped by the run").isTrue();
            assertThat(dir.resolve("processes").toFile().list()).isEmpty();
        } finally {
            script.destroyForcibly();
            suite.destroyForcibly();
        }
    }

    @Test
    void theEmulatorTheBuildStartedEndsWhenTheBuildIsGone() throws Exception {
        assumeTrue(MotoTarget.binary().isPresent(), "moto_server is not on PATH");
        Path handoffs = dir.resolve("early");
        // a "Maven" that starts the script and is killed without stopping it
        Process maven = new ProcessBuilder("sh", "-c", "sh src/main/sh/start-moto-early.sh " + handoffs + " & sleep 60").start();
        try {
            Path handoff = handoffs.resolve(maven.pid() + ".json");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> Files.exists(handoff));
            long pid = new com.fasterxml.jackson.databind.ObjectMapper().readTree(handoff.toFile()).path("pid").asLong();
            assertThat(ProcessHandle.of(pid)).isPresent();
            maven.destroyForcibly();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        } finally {
            maven.destroyForcibly();
        }
    }

    @Test
    void noEmulatorIsStartedForARunThatWouldNotAdoptIt() throws Exception {
        assumeTrue(MotoTarget.binary().isPresent(), "moto_server is not on PATH (the script would start nothing anyway)");
        Path handoffs = dir.resolve("early");
        for (List<String> settings : List.of(List.of("localstack", "", "", ""), List.of("", "true", "", ""),
                List.of("", "", "true", ""), List.of("moto", "", "", "target/role.json"))) {
            List<String> command = new java.util.ArrayList<>(List.of("sh", "src/main/sh/start-moto-early.sh", handoffs.toString()));
            command.addAll(settings);
            Process script = new ProcessBuilder(command).start();
            assertThat(script.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("ended at once: " + settings).isTrue();
            assertThat(script.exitValue()).isZero();
        }
        for (String variable : List.of("HARNESS_TARGET=LocalStack", "HARNESS_REUSE=TRUE", "HARNESS_ENFORCE_ROLE_POLICY=role.json")) {
            ProcessBuilder pb = new ProcessBuilder("sh", "src/main/sh/start-moto-early.sh", handoffs.toString(), "", "", "", "");
            pb.environment().put(variable.split("=")[0], variable.split("=")[1]);
            Process script = pb.start();
            assertThat(script.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("ended at once: " + variable).isTrue();
        }
        assertThat(handoffs).doesNotExist();
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
