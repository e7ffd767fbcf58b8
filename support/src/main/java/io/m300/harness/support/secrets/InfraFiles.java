package io.m300.harness.support.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files of the run's copy of the infra directory that SEC-01 reads: the Terraform files it scans
 * for secret literals, and every deployed file it searches for the live password.
 */
public final class InfraFiles {

    /** Folders of the infra directory that are not the stack's code. */
    public static final Set<String> SKIPPED_DIRS = Set.of(".terraform", "build", "mutants", "__pycache__", ".git");

    /** What is not the stack's deployed code: Terraform's own working data, the mutants, git. */
    private static final Set<String> NOT_DEPLOYED = Set.of(".terraform", "mutants", ".git");

    private static final List<String> TERRAFORM_SUFFIXES = List.of(".tf", ".tfvars", ".tfvars.json", ".tf.json");

    private InfraFiles() {}

    /** The Terraform files (code and variables files) outside {@link #SKIPPED_DIRS}, by path relative to {@code infra}, in order. */
    public static Map<Path, String> terraformFiles(Path infra) {
        Map<Path, String> files = new LinkedHashMap<>();
        for (Path p : files(infra, SKIPPED_DIRS)) {
            String name = p.getFileName().toString();
            if (TERRAFORM_SUFFIXES.stream().anyMatch(name::endsWith)) {
                files.put(infra.relativize(p), read(p));
            }
        }
        return files;
    }

    /** Every deployed file, in order: not Terraform's working data, the mutants or git, and no state file (SEC-03's). */
    public static List<Path> deployedFiles(Path infra) {
        return files(infra, NOT_DEPLOYED).stream()
                .filter(p -> !p.getFileName().toString().contains(".tfstate"))
                .toList();
    }

    private static List<Path> files(Path infra, Set<String> skipped) {
        try (Stream<Path> walk = Files.walk(infra)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(infra.relativize(p).toString().split("[/\\\\]"))
                            .noneMatch(skipped::contains))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read infra directory " + infra, e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
