package io.m300.harness.support.provision;

import io.m300.harness.support.config.HarnessConfig;
import io.m300.harness.support.config.Provisioning;
import io.m300.harness.support.report.Progress;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The tools a run needs, found where the user put them or else fetched into the per-user cache:
 * the first {@code ./mvnw verify} on a fresh machine sets itself up. A tool on PATH, or a Terraform
 * given by {@code harness.terraform}, is used as it is.
 */
public final class Tools {

    private static final String DEFAULT_TERRAFORM = "terraform";

    private Tools() {}

    /** The Terraform binary to run: harness.terraform, else terraform on PATH, else the pinned one from the cache. */
    public static String terraform(HarnessConfig config, Progress progress) {
        return terraform(config.terraformBinary(), System.getenv("PATH"), config.provisioning(), progress);
    }

    static String terraform(String configured, String path, Provisioning provisioning, Progress progress) {
        if (!configured.equals(DEFAULT_TERRAFORM)
                || onPath(DEFAULT_TERRAFORM, path).isPresent()) {
            return configured;
        }
        return new TerraformInstaller(provisioning, progress).install().toString();
    }

    /** {@code moto_server} on PATH, else the pinned moto installed into the cache. */
    public static Path motoServer(Provisioning provisioning, Progress progress) {
        return onPath("moto_server").orElseGet(() -> new MotoInstaller(provisioning, progress).install());
    }

    /**
     * The Python that runs this moto_server: the venv's own when it lives in one, else the interpreter
     * its first line names (a pip or pipx console script), else python3 on PATH (a pyenv shim).
     */
    public static String python(Path motoServer) {
        Path venv = motoServer.toAbsolutePath().getParent().getParent();
        Path python = motoServer.resolveSibling("python3");
        if (venv != null && Files.isRegularFile(venv.resolve("pyvenv.cfg")) && Files.isExecutable(python)) {
            return python.toString();
        }
        try (var lines = Files.lines(motoServer.toRealPath())) {
            String first = lines.findFirst().orElse("");
            if (first.startsWith("#!")) {
                Path interpreter = Path.of(first.substring(2).strip().split("\\s+")[0]);
                if (interpreter.getFileName() != null
                        && interpreter.getFileName().toString().startsWith("python")
                        && Files.isExecutable(interpreter)) {
                    return interpreter.toString();
                }
            }
        } catch (IOException | UncheckedIOException | InvalidPathException e) {
            // not a readable text script: python3 on PATH
        }
        return "python3";
    }

    public static Optional<Path> onPath(String name) {
        return onPath(name, System.getenv("PATH"));
    }

    static Optional<Path> onPath(String name, String path) {
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
