package io.m300.harness.support.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.m300.harness.support.HarnessException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The record a run leaves when it keeps its stack ({@code harness.keep=true}): which run, on which
 * target and emulator process, from which inputs (a hash of the infra directory). The next run
 * reuses it ({@code harness.reuse=true}) or, as a plain run, removes it first.
 */
public record KeptStack(
        String runId, String target, String endpoint, String region, long emulatorPid, String infraHash) {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "kept-stack.json";

    public static Optional<KeptStack> read(Path workDir) {
        Path file = workDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), KeptStack.class));
        } catch (IOException e) {
            throw new HarnessException("cannot read the kept stack's record " + file + ": " + e.getMessage()
                    + "; delete it if that stack is gone");
        }
    }

    public void write(Path workDir) {
        try {
            Files.createDirectories(workDir);
            JSON.writerWithDefaultPrettyPrinter()
                    .writeValue(workDir.resolve(FILE).toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void forget(Path workDir) {
        try {
            Files.deleteIfExists(workDir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<URI> endpointUri() {
        return endpoint == null || endpoint.isEmpty() ? Optional.empty() : Optional.of(URI.create(endpoint));
    }

    /** A hash of every file Terraform reads from the infra directory (mutants excluded). */
    public static String hash(Path infraDir) {
        try (var files = Files.walk(infraDir)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> !infraDir.relativize(f).toString().startsWith("mutants"))
                    .filter(f -> !infraDir.relativize(f).toString().startsWith(".terraform"))
                    .filter(f -> !infraDir.relativize(f).toString().startsWith("build"))
                    .sorted()
                    .toList()) {
                digest.update(infraDir.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                digest.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
