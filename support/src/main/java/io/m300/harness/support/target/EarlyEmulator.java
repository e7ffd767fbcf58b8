package io.m300.harness.support.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The moto_server that a build starts while Maven builds the modules ({@code support/src/main/sh/start-moto-early.sh},
 * run in the background by the root pom's profile {@code early-emulator}), for the features suite of the
 * same build to adopt: moto's start (1.6 s) and its SSM imports (1.3 s) then happen on the core that Maven
 * leaves idle, not between the suite's start and {@code terraform apply}.
 *
 * <p>The suite learns the hand-off folder from {@value #PROPERTY} (set by failsafe in the features module
 * only). A hand-off is named after the pid of the Maven process that started it, which is an ancestor of
 * the suite's JVM: builds side by side in one checkout each find their own. It is claimed by renaming it,
 * so at most one run adopts it; a run that will not use it (another target, a kept or reused stack, the
 * role policy proof) claims it and stops the process at once. Maven stops it when it exits in any case,
 * and moto ends itself when that Maven process is gone.
 */
public final class EarlyEmulator {

    /** The hand-off folder (a system property of the suite's JVM). */
    public static final String PROPERTY = "m300.earlyEmulator";

    /** A started moto_server: its pid and port, the Maven process that started it, its log. */
    record Handoff(long pid, int port, long maven, Path log) {
        URI endpoint() {
            return URI.create("http://127.0.0.1:" + port);
        }
    }

    private EarlyEmulator() {}

    /** This build's early moto_server, claimed by this call (no other run gets it), if there is one and it runs. */
    static Optional<Handoff> claim() {
        return Optional.ofNullable(System.getProperty(PROPERTY)).filter(s -> !s.isBlank()).map(Path::of)
                .flatMap(dir -> claim(dir, ProcessHandle.current()));
    }

    /** Stops this build's early moto_server, if there is one nobody claimed: for a run that will not use it. */
    static void discard() {
        claim().ifPresent(EarlyEmulator::stop);
    }

    static void stop(Handoff handoff) {
        ProcessHandle.of(handoff.pid()).ifPresent(ProcessHandle::destroyForcibly);
    }

    static Optional<Handoff> claim(Path dir, ProcessHandle self) {
        for (Optional<ProcessHandle> p = self.parent(); p.isPresent(); p = p.get().parent()) {
            long maven = p.get().pid();
            Path offered = dir.resolve(maven + ".json");
            if (!Files.isRegularFile(offered)) {
                continue;
            }
            Path claimed = dir.resolve(maven + ".claimed.json");
            try {
                Files.move(offered, claimed, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                JsonNode json = new ObjectMapper().readTree(claimed.toFile());
                Handoff handoff = new Handoff(json.path("pid").asLong(-1), json.path("port").asInt(-1),
                        json.path("maven").asLong(-1), dir.resolve(maven + ".log"));
                return Optional.of(handoff).filter(h -> h.maven() == maven && h.port() > 0 && startedBy(h.pid(), maven));
            } catch (IOException | RuntimeException e) {
                return Optional.empty(); // claimed by another run a moment ago, or not a hand-off: start one as usual
            }
        }
        return Optional.empty();
    }

    /** The process runs and is the one that Maven started (not a later process that got a recycled pid). */
    private static boolean startedBy(long pid, long maven) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .flatMap(ProcessHandle::parent).map(ProcessHandle::pid).filter(parent -> parent == maven).isPresent();
    }
}
