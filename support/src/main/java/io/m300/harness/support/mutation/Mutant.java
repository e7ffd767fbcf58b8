package io.m300.harness.support.mutation;

import io.m300.harness.support.HarnessException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A change to the stack that breaks exactly one control: the files in {@code infra/mutants/<ID>/}.
 * Terraform files ({@code *_override.tf} to change blocks, plain {@code .tf} to add resources) and
 * any other file meant for the infra directory (a {@code terraform.tfvars}) are copied into the
 * run's workspace; {@code README} says what the mutant breaks and is not copied.
 */
public record Mutant(String control, Path dir, List<Path> files, String description) {

    private static final Pattern CONTROL_ID = Pattern.compile("[A-Z]+-\\d{2}");

    /** Every mutant under {@code <infra>/mutants}, in control order. */
    public static List<Mutant> discover(Path infraDir) {
        Path root = infraDir.resolve("mutants");
        List<Mutant> mutants = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return mutants;
        }
        try (var dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                String id = dir.getFileName().toString();
                if (!CONTROL_ID.matcher(id).matches()) {
                    throw new HarnessException("mutant folder " + dir + " is not named after a control ID (like NET-01)");
                }
                List<Path> files;
                try (var list = Files.list(dir)) {
                    files = list.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith("README")).sorted().toList();
                }
                Path readme = dir.resolve("README");
                String description = Files.exists(readme) ? Files.readString(readme).strip().lines().findFirst().orElse("") : "";
                mutants.add(new Mutant(id, dir, files, description));
            }
        } catch (IOException e) {
            throw new HarnessException("could not read mutants in " + root + ": " + e.getMessage());
        }
        return mutants;
    }

    /** Copies the mutant's files into the workspace's infra copy. */
    public void applyTo(Path workspaceInfra) {
        try {
            for (Path f : files) {
                Path target = workspaceInfra.resolve(f.getFileName().toString());
                if (Files.exists(target)) {
                    throw new HarnessException("mutant " + control + " would overwrite " + target + ": rename " + f.getFileName());
                }
                Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (IOException e) {
            throw new HarnessException("could not apply mutant " + control + ": " + e.getMessage());
        }
    }

    /** Removes what {@link #applyTo(Path)} added. */
    public void removeFrom(Path workspaceInfra) {
        try {
            for (Path f : files) {
                Files.deleteIfExists(workspaceInfra.resolve(f.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new HarnessException("could not remove mutant " + control + ": " + e.getMessage());
        }
    }
}
