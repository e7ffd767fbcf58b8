package io.m300.harness.support.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-off of the emulator a build starts early. This JVM plays Maven: its children play the
 * early emulator and the suite's JVM.
 */
class EarlyEmulatorTest {

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stopChildren() {
        children.forEach(Process::destroyForcibly);
    }

    private ProcessHandle child() throws IOException {
        Process p = new ProcessBuilder("sleep", "30").start();
        children.add(p);
        return p.toHandle();
    }

    private void offer(long maven, long pid, int port) throws IOException {
        Files.writeString(dir.resolve(maven + ".json"), "{\"pid\": " + pid + ", \"port\": " + port + ", \"maven\": " + maven + "}");
    }

    @Test
    void theSuiteOfTheBuildThatStartedItClaimsItOnce() throws IOException {
        long maven = ProcessHandle.current().pid();
        ProcessHandle emulator = child();
        ProcessHandle suite = child();
        offer(maven, emulator.pid(), 4566);

        var claimed = EarlyEmulator.claim(dir, suite);

        assertThat(claimed).hasValueSatisfying(h -> {
            assertThat(h.pid()).isEqualTo(emulator.pid());
            assertThat(h.endpoint()).hasToString("http://127.0.0.1:4566");
            assertThat(h.log()).isEqualTo(dir.resolve(maven + ".log"));
        });
        assertThat(EarlyEmulator.claim(dir, suite)).as("a second run of the same build starts its own").isEmpty();
    }

    @Test
    void anotherBuildsEmulatorIsNotClaimed() throws IOException {
        ProcessHandle emulator = child();
        ProcessHandle suite = child();
        offer(ProcessHandle.current().pid() + 100_000, emulator.pid(), 4566);

        assertThat(EarlyEmulator.claim(dir, suite)).isEmpty();
        assertThat(dir.resolve((ProcessHandle.current().pid() + 100_000) + ".json")).as("left for its own build").exists();
    }

    @Test
    void aHandOffWhoseProcessIsGoneOrWasNotStartedByMavenIsNotAdopted() throws IOException {
        long maven = ProcessHandle.current().pid();
        ProcessHandle suite = child();
        ProcessHandle gone = child();
        gone.destroyForcibly();
        gone.onExit().join();
        offer(maven, gone.pid(), 4566);
        assertThat(EarlyEmulator.claim(dir, suite)).as("its process has exited").isEmpty();

        offer(maven, 1, 4566); // a recycled pid: running, but not Maven's child
        assertThat(EarlyEmulator.claim(dir, suite)).isEmpty();

        Files.writeString(dir.resolve(maven + ".json"), "not json");
        assertThat(EarlyEmulator.claim(dir, suite)).isEmpty();
    }

    @Test
    void withoutTheBuildsHandOffFolderNothingIsClaimed() {
        String before = System.getProperty(EarlyEmulator.PROPERTY);
        System.clearProperty(EarlyEmulator.PROPERTY);
        try {
            assertThat(EarlyEmulator.claim()).isEmpty();
        } finally {
            if (before != null) {
                System.setProperty(EarlyEmulator.PROPERTY, before);
            }
        }
    }
}
