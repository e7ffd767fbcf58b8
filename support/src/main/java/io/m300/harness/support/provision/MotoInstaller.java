package io.m300.harness.support.provision;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.config.Provisioning;
import io.m300.harness.support.report.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Installs the pinned {@code moto[server]} into a virtual environment in the per-user cache
 * ({@code <cache>/moto/<version>/venv}) with {@code python3 -m venv} and pip. A venv that is not
 * complete (pip failed, the run was killed) is removed, so the next run starts again from nothing.
 */
public final class MotoInstaller {

    /** What pip prints when it never got an answer from the index (or the index has no such release). */
    private static final Pattern INDEX_UNREACHABLE = Pattern.compile(
            "from versions: none|NewConnectionError|Max retries exceeded"
                    + "|Failed to establish a new connection|Temporary failure in name resolution|ConnectTimeout|ProxyError");

    private static final String COMPLETE = ".m300-complete";

    private final Path cacheDir;
    private final String version;
    private final String python;
    private final Consumer<Map<String, String>> environment;
    private final List<String> pipOptions;
    private final Progress progress;

    public MotoInstaller(Provisioning settings, Progress progress) {
        this(settings.cacheDir(), Provisioning.MOTO_VERSION, "python3", env -> {}, List.of(), progress);
    }

    /** For tests: another python, pip's environment (index, config) and options (timeouts, retries). */
    MotoInstaller(
            Path cacheDir,
            String version,
            String python,
            Consumer<Map<String, String>> environment,
            List<String> pipOptions,
            Progress progress) {
        this.cacheDir = cacheDir;
        this.version = version;
        this.python = python;
        this.environment = environment;
        this.pipOptions = pipOptions;
        this.progress = progress;
    }

    public Path venv() {
        return cacheDir.resolve("moto").resolve(version).resolve("venv");
    }

    /** {@code moto_server} of the cached venv, installed first when it is not there yet. */
    public Path install() {
        Path venv = venv();
        Path server = venv.resolve("bin").resolve("moto_server");
        if (Files.isExecutable(server) && Files.exists(venv.resolve(COMPLETE))) {
            progress.info("moto_server is not on PATH: using moto " + version + " cached at " + server);
            return server;
        }
        return CacheLock.holding(venv.resolveSibling(".lock"), () -> {
            if (!Files.exists(venv.resolve(COMPLETE))) {
                deleteTree(venv); // a half-made venv of a run that was killed
                try {
                    build(venv, server);
                } catch (RuntimeException e) {
                    deleteTree(venv);
                    throw e;
                }
            }
            return server;
        });
    }

    private void build(Path venv, Path server) {
        String requirement = requirement();
        progress.info("moto_server is not on PATH: installing " + requirement + " into " + venv
                + " with pip (about a minute)");
        long start = System.nanoTime();
        Outcome made;
        try {
            made = run(List.of(python, "-m", "venv", venv.toString()), Duration.ofMinutes(5));
        } catch (IOException e) {
            throw new HarnessException("moto_server is not on PATH and " + python + " cannot be run to install it ("
                    + e.getMessage() + "): install Python 3, then pip install '" + requirement
                    + "' and put moto_server on PATH, or choose another harness.target");
        }
        if (made.exit != 0) {
            throw new HarnessException("cannot create a Python virtual environment in " + venv + " (" + made.lastLine()
                    + "): install Python's venv module (Debian: apt-get install python3-venv), or pip install '"
                    + requirement + "' yourself and put moto_server on PATH");
        }
        List<String> pip = new ArrayList<>(List.of(
                venv.resolve("bin").resolve("python").toString(),
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "-q"));
        pip.addAll(pipOptions);
        pip.add(requirement);
        Outcome installed;
        try {
            installed = run(pip, Duration.ofMinutes(20));
        } catch (IOException e) {
            throw new HarnessException("cannot run pip of " + venv + " (" + e.getMessage() + "): pip install '"
                    + requirement + "' yourself and put moto_server on PATH, or choose another harness.target");
        }
        if (installed.exit != 0 || !Files.isExecutable(server)) {
            String why = INDEX_UNREACHABLE.matcher(installed.output).find()
                    ? "pip could not reach the package index (" + installed.lastLine() + ")"
                    : "pip failed with exit " + installed.exit + " (" + installed.lastLine() + ")";
            throw new HarnessException("cannot install moto " + version + " into " + venv + ": " + why
                    + "; install it yourself with pip install '" + requirement + "' and put moto_server on PATH, "
                    + "or choose another harness.target");
        }
        try {
            Files.writeString(venv.resolve(COMPLETE), requirement + "\n");
        } catch (IOException e) {
            throw new HarnessException("cannot write the tool cache " + venv + " (" + e.getMessage()
                    + "): set harness.cacheDir to a writable folder");
        }
        progress.info("installed " + requirement + " in "
                + Progress.seconds(Duration.ofNanos(System.nanoTime() - start)) + ": " + server);
    }

    String requirement() {
        return "moto[server]==" + version;
    }

    private record Outcome(int exit, String output) {
        /** The line that says what went wrong: pip's last ERROR line, else the last line printed. */
        String lastLine() {
            List<String> lines =
                    output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            return lines.stream()
                    .filter(l -> l.startsWith("ERROR"))
                    .reduce((a, b) -> b)
                    .or(() -> lines.stream().reduce((a, b) -> b))
                    .orElse("no output");
        }
    }

    private Outcome run(List<String> command, Duration timeout) throws IOException {
        Path log = Files.createTempFile("m300-moto-install", ".log");
        try {
            ProcessBuilder pb =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            environment.accept(pb.environment());
            Process p = pb.start();
            try {
                if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    return new Outcome(
                            -1, "ERROR: " + command.get(2) + " did not finish within " + timeout.toMinutes() + " min");
                }
            } catch (InterruptedException e) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new HarnessException("interrupted while installing moto into " + venv());
            }
            return new Outcome(p.exitValue(), new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(CacheLock::deleteQuietly);
        } catch (IOException e) {
            throw new HarnessException(
                    "cannot remove the incomplete venv " + dir + " (" + e.getMessage() + "): delete it by hand");
        }
    }
}
