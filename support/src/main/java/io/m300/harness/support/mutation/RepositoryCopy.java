package io.m300.harness.support.mutation;

import io.m300.harness.support.HarnessException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A shard's private copy of the repository that holds the infra directory. Shards run at the same
 * time, and two things of theirs live in the repository, not in their workspaces: a mutant that
 * patches it (a broken {@code .gitignore}, STATE-01) and the check that reads it ({@code git
 * check-ignore}, in every suite). On one shared work tree, one shard's patch is every other shard's
 * finding. The copy is the work tree as it is now, uncommitted changes included, without build
 * output ({@code target/}, {@code .terraform/}, {@code node_modules/}; never a folder that holds the
 * infra directory), in a fresh
 * git repository that ignores what the original ignores: its {@code .gitignore} files, its
 * {@code info/exclude} and its {@code core.excludesFile}. The developer's tree is never patched.
 */
public final class RepositoryCopy {

    private static final Set<String> SKIPPED = Set.of(".git", "target", ".terraform", "node_modules");

    private RepositoryCopy() {}

    /**
     * Copies the repository of {@code infraDir} to {@code dest} (emptied first) and returns where the
     * infra directory is in the copy; {@code infraDir} itself when it is not in a git work tree (then
     * there is nothing to share: STATE-01 and repository mutants report that on their own).
     */
    public static Path of(Path infraDir, Path dest) {
        Path infra = infraDir.toAbsolutePath().normalize();
        String top = git(infra, "rev-parse", "--show-toplevel");
        if (top == null || top.isBlank()) {
            return infraDir;
        }
        Path root = Path.of(top.strip()).toAbsolutePath().normalize();
        Path target = dest.toAbsolutePath().normalize();
        try {
            deleteTree(target);
            copyTree(root, target, infra);
            if (git(target, "init", "-q") == null) {
                throw new HarnessException("git init failed in " + target);
            }
            String exclude = git(infra, "rev-parse", "--path-format=absolute", "--git-path", "info/exclude");
            if (exclude != null && Files.isRegularFile(Path.of(exclude.strip()))) {
                Path to = target.resolve(".git").resolve("info").resolve("exclude");
                Files.createDirectories(to.getParent());
                Files.copy(Path.of(exclude.strip()), to, StandardCopyOption.REPLACE_EXISTING);
            }
            String excludesFile = git(infra, "config", "--local", "--get", "core.excludesFile");
            if (excludesFile != null && !excludesFile.isBlank()) {
                git(target, "config", "core.excludesFile", excludesFile.strip());
            }
        } catch (IOException e) {
            throw new HarnessException(
                    "could not copy the repository " + root + " to " + target + ": " + e.getMessage());
        }
        return target.resolve(root.relativize(infra).toString());
    }

    private static void copyTree(Path from, Path to, Path infra) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                boolean holdsInfra = infra.startsWith(dir);
                if (!holdsInfra && (SKIPPED.contains(dir.getFileName().toString()) || dir.startsWith(to))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!file.getFileName().toString().equals(".git")
                        && (attrs.isRegularFile() || attrs.isSymbolicLink())) {
                    Files.copy(
                            file,
                            to.resolve(from.relativize(file).toString()),
                            StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p :
                    paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A git command's standard output; null when it failed. */
    private static String git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
