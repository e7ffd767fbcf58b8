package io.m300.harness.support.mutation;

import io.m300.harness.support.HarnessException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A change to the stack that breaks exactly one control: the files in {@code infra/mutants/<ID>/}.
 * <ul>
 *   <li>Terraform files ({@code *_override.tf} to change blocks, plain {@code .tf} to add resources)
 *       are copied into the run's workspace;</li>
 *   <li>{@code <name>.mutant} is copied as {@code <name>} (a {@code terraform.tfvars}, which the
 *       repository's ignore rules would otherwise keep out of version control);</li>
 *   <li>{@code *.patch} changes the repository itself ({@code git apply}), for controls about the
 *       repository's files; it is reverted with {@code git apply -R};</li>
 *   <li>{@code README} says what the mutant breaks and is not copied; a line {@code Also trips: NET-02
 *       (why)} declares another control it breaks by design (see {@link #alsoTrips()}).</li>
 * </ul>
 */
public record Mutant(String control, Path dir, List<Path> files, String description) {

    /** A resource block of the database or of what it is built from: changing one waits on the RDS waiters. */
    private static final Pattern DATABASE = Pattern.compile(
            "resource\\s+\"aws_(db_instance|db_subnet_group|db_parameter_group|db_option_group|rds_cluster\\w*)\"");

    /**
     * True when one of its files declares or overrides a database resource (or cannot be read); a
     * policy that merely names {@code rds:} actions does not count.
     */
    public boolean touchesDatabase() {
        for (Path f : files) {
            try {
                if (DATABASE.matcher(Files.readString(f)).find()) {
                    return true;
                }
            } catch (IOException e) {
                return true; // unreadable: assume the worst
            }
        }
        return false;
    }

    /** {@code <ID>} or {@code <ID>.<slug>}: several mutants may break the same control in different ways. */
    private static final Pattern FOLDER = Pattern.compile("([A-Z]+-\\d{2})(\\.[a-z0-9][a-z0-9-]*)?");

    /** Every mutant under {@code <infra>/mutants}, in control order. */
    public static List<Mutant> discover(Path infraDir) {
        Path root = infraDir.resolve("mutants");
        List<Mutant> mutants = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return mutants;
        }
        try (var dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                var m = FOLDER.matcher(dir.getFileName().toString());
                if (!m.matches()) {
                    throw new HarnessException("mutant folder " + dir
                            + " is not named after a control ID (like NET-01, or NET-01.some-slug)");
                }
                String id = m.group(1);
                List<Path> files;
                try (var list = Files.list(dir)) {
                    files = list.filter(f -> Files.isRegularFile(f)
                                    && !f.getFileName().toString().startsWith("README"))
                            .sorted()
                            .toList();
                }
                Path readme = dir.resolve("README");
                String description = Files.exists(readme)
                        ? Files.readString(readme).strip().lines().findFirst().orElse("")
                        : "";
                mutants.add(new Mutant(id, dir, files, description));
            }
        } catch (IOException e) {
            throw new HarnessException("could not read mutants in " + root + ": " + e.getMessage());
        }
        return mutants;
    }

    /**
     * The other controls the mutant's README declares that it trips by design: the control IDs on its
     * lines that start with {@code Also trips:}. A kill that trips any other control fails the run.
     */
    public Set<String> alsoTrips() {
        Path readme = dir.resolve("README");
        Set<String> ids = new TreeSet<>();
        if (!Files.exists(readme)) {
            return ids;
        }
        try {
            for (String line : Files.readAllLines(readme)) {
                if (line.strip().startsWith("Also trips:")) {
                    var m = Pattern.compile("\\b([A-Z]+-\\d{2})\\b").matcher(line);
                    while (m.find()) {
                        ids.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new HarnessException("could not read " + readme + ": " + e.getMessage());
        }
        return ids;
    }

    /** The mutant's own name: its folder's name ({@code NET-02} or {@code NET-02.extra-group}). */
    public String name() {
        return dir.getFileName().toString();
    }

    /** True when the mutant changes the backend configuration, which needs {@code terraform init -reconfigure}. */
    public boolean changesBackend() {
        return workspaceFiles().stream().anyMatch(f -> {
            try {
                return Files.readString(f).matches("(?s).*backend\\s+\"\\w+\".*");
            } catch (IOException e) {
                return false;
            }
        });
    }

    /**
     * True when removing the mutant's files and applying undoes all it did, so that a shard may
     * apply the next mutant straight over it: no backend change, no repository patch, and nothing
     * on the harness's own state bucket (a file naming "tfstate": Terraform removing such a resource
     * leaves the bucket changed, a deleted public access block, which only the harness's reconcile
     * after a classic revert undoes). Unreadable: false.
     */
    public boolean undoneByRemoval() {
        if (changesBackend() || !patches().isEmpty()) {
            return false;
        }
        for (Path f : workspaceFiles()) {
            try {
                if (Files.readString(f).contains("tfstate")) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    public List<Path> patches() {
        return files.stream().filter(f -> f.toString().endsWith(".patch")).toList();
    }

    private List<Path> workspaceFiles() {
        return files.stream().filter(f -> !f.toString().endsWith(".patch")).toList();
    }

    private static String targetName(Path f) {
        String name = f.getFileName().toString();
        return name.endsWith(".mutant") ? name.substring(0, name.length() - ".mutant".length()) : name;
    }

    /** Copies the mutant's files into the workspace's infra copy. */
    public void applyTo(Path workspaceInfra) {
        try {
            for (Path f : workspaceFiles()) {
                Path target = workspaceInfra.resolve(targetName(f));
                if (Files.exists(target)) {
                    throw new HarnessException(
                            "mutant " + control + " would overwrite " + target + ": rename " + f.getFileName());
                }
                Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (IOException e) {
            throw new HarnessException("could not apply mutant " + control + ": " + e.getMessage());
        }
    }

    /** Applies the mutant's patches to the git work tree that holds {@code repoFile} (forward or reverse). */
    public void patchRepository(Path repoFile, boolean reverse) {
        for (Path patch : patches()) {
            try {
                Path dir = Files.isDirectory(repoFile) ? repoFile : repoFile.getParent();
                Process top = new ProcessBuilder("git", "rev-parse", "--show-toplevel")
                        .directory(dir.toFile())
                        .start();
                String root = new String(top.getInputStream().readAllBytes()).trim();
                if (top.waitFor() != 0 || root.isEmpty()) {
                    throw new HarnessException(
                            "mutant " + control + " patches the repository, but " + dir + " is not in a git work tree");
                }
                List<String> cmd = new ArrayList<>(List.of("git", "apply"));
                if (reverse) {
                    cmd.add("-R");
                }
                cmd.add(patch.toAbsolutePath().toString());
                Process p = new ProcessBuilder(cmd)
                        .directory(Path.of(root).toFile())
                        .redirectErrorStream(true)
                        .start();
                String out = new String(p.getInputStream().readAllBytes()).trim();
                if (p.waitFor() != 0) {
                    throw new HarnessException("git apply " + (reverse ? "-R " : "") + patch + " failed: " + out);
                }
            } catch (IOException e) {
                throw new HarnessException(
                        "could not patch the repository for mutant " + control + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HarnessException("interrupted while patching for mutant " + control);
            }
        }
    }

    /** Removes what {@link #applyTo(Path)} added. */
    public void removeFrom(Path workspaceInfra) {
        try {
            for (Path f : workspaceFiles()) {
                Files.deleteIfExists(workspaceInfra.resolve(targetName(f)));
            }
        } catch (IOException e) {
            throw new HarnessException("could not remove mutant " + control + ": " + e.getMessage());
        }
    }
}
