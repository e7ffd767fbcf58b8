package io.m300.harness.support.provision;

import static io.m300.harness.support.provision.TerraformInstallerTest.filesIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.report.Progress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installing moto into the cache fails in one line, and leaves no half-made venv, when it cannot be done. */
class MotoInstallerTest {

    @TempDir
    Path cache;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final Progress progress = new Progress(new PrintStream(console, true, StandardCharsets.UTF_8));

    @Test
    void pipThatCannotReachItsIndexFailsInOneLineAndRemovesTheHalfMadeVenv() throws IOException {
        assumeTrue(Tools.onPath("python3").isPresent(), "python3 is not on PATH");
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String index = "http://127.0.0.1:" + closed + "/simple";
        MotoInstaller installer = new MotoInstaller(
                cache,
                "5.2.1",
                "python3",
                env -> {
                    env.keySet()
                            .removeIf(
                                    k -> k.startsWith("PIP_")); // no find-links, extra index or config of this machine
                    env.put("PIP_CONFIG_FILE", "/dev/null");
                    env.put("PIP_INDEX_URL", index);
                    env.put("PIP_NO_CACHE_DIR", "1");
                },
                List.of("--timeout", "2", "--retries", "0"),
                progress);

        assertThatThrownBy(installer::install)
                .isInstanceOf(HarnessException.class)
                .hasMessageStartingWith("cannot install moto 5.2.1 into " + cache.resolve("moto/5.2.1/venv")
                        + ": pip could not reach the package index (")
                .hasMessageEndingWith(
                        "; install it yourself with pip install 'moto[server]==5.2.1' and put moto_server on PATH, "
                                + "or choose another harness.target")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(cache.resolve("moto/5.2.1/venv")).doesNotExist();
        assertThat(filesIn(cache)).isEmpty();
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("[m300] moto_server is not on PATH: installing moto[server]==5.2.1 into "
                        + cache.resolve("moto/5.2.1/venv") + " with pip (about a minute)");
    }

    @Test
    void withoutPythonTheOneLineSaysWhatToInstall() throws IOException {
        MotoInstaller installer = new MotoInstaller(cache, "5.2.1", "/no/such/python3", env -> {}, List.of(), progress);

        assertThatThrownBy(installer::install)
                .isInstanceOf(HarnessException.class)
                .hasMessageStartingWith("moto_server is not on PATH and /no/such/python3 cannot be run to install it (")
                .hasMessageEndingWith(
                        "): install Python 3, then pip install 'moto[server]==5.2.1' and put moto_server on PATH, "
                                + "or choose another harness.target");
        assertThat(filesIn(cache)).isEmpty();
    }

    @Test
    void aCompleteCachedVenvIsUsedWithoutRunningPython() throws IOException {
        Path venv = cache.resolve("moto/5.2.1/venv");
        Path server = Files.createDirectories(venv.resolve("bin")).resolve("moto_server");
        Files.writeString(server, "#!/bin/sh\n");
        server.toFile().setExecutable(true);
        Files.writeString(venv.resolve(".m300-complete"), "moto[server]==5.2.1\n");

        assertThat(new MotoInstaller(cache, "5.2.1", "/no/such/python3", env -> {}, List.of(), progress).install())
                .isEqualTo(server);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("using moto 5.2.1 cached at " + server);
    }

    @Test
    void theProofLauncherRunsOnTheVenvsOwnPython() throws IOException {
        Path venv = cache.resolve("venv");
        Path bin = Files.createDirectories(venv.resolve("bin"));
        Path server = Files.writeString(bin.resolve("moto_server"), "#!/bin/sh\n");
        assertThat(Tools.python(server)).as("not a venv yet").isEqualTo("python3");
        Files.writeString(venv.resolve("pyvenv.cfg"), "home = /usr/bin\n");
        Path python = Files.writeString(bin.resolve("python3"), "#!/bin/sh\n");
        python.toFile().setExecutable(true);
        assertThat(Tools.python(server)).isEqualTo(python.toString());
    }

    @Test
    void outsideAVenvTheLauncherRunsOnThePythonTheScriptNames() throws IOException {
        Path bin = Files.createDirectories(cache.resolve("pipx-bin"));
        Path python = Files.writeString(bin.resolve("python3.11"), "#!/bin/sh\n");
        python.toFile().setExecutable(true);
        Path script = Files.writeString(
                bin.resolve("moto_server-script"), "#!" + python + "\nfrom moto.server import main\n");
        Path link = Files.createSymbolicLink(cache.resolve("moto_server"), script);
        assertThat(Tools.python(link))
                .as("through the symlink, from the first line")
                .isEqualTo(python.toString());
        Path envScript = Files.writeString(bin.resolve("env-script"), "#!/usr/bin/env python3\n");
        assertThat(Tools.python(envScript)).as("env names no interpreter path").isEqualTo("python3");
        Path binary = Files.write(bin.resolve("binary"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertThat(Tools.python(binary)).isEqualTo("python3");
    }
}
