package io.m300.harness.support.report.findings;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Names a file of a run's workspace (its private copy of the infra folder, mutant files included) by
 * where it came from in the repository: {@code infra/alb.tf}, {@code infra/mutants/NET-04/http_listener_override.tf},
 * {@code fixtures/compliant/modules/network/main.tf}. A file is matched by its path in the copy and its
 * content; a file the copy holds and the repository does not is named by its place in the workspace.
 */
public final class SourceOrigins implements Function<Path, String> {

    private static final Set<String> SKIPPED = Set.of(".terraform", "build", "target", ".git", "node_modules");

    private final Path workspace;
    private final Path origin;
    private final Path repoTop;
    private final Map<String, List<Path>> byContent = new HashMap<>();

    private SourceOrigins(Path workspace, Path origin) {
        this.workspace = workspace.toAbsolutePath().normalize();
        this.origin = origin.toAbsolutePath().normalize();
        this.repoTop = top(this.origin);
    }

    /** Origins of the files of {@code workspace}, a copy of {@code origin} (the same folder is fine). */
    public static SourceOrigins of(Path workspace, Path origin) {
        SourceOrigins o = new SourceOrigins(workspace, origin);
        o.indexOrigin();
        return o;
    }

    @Override
    public String apply(Path file) {
        Path f = file.toAbsolutePath().normalize();
        if (!f.startsWith(workspace)) {
            return f.startsWith(repoTop) ? slashes(repoTop.relativize(f)) : f.toString();
        }
        Path rel = workspace.relativize(f);
        Path same = origin.resolve(rel.toString());
        String content = read(f);
        if (Files.isRegularFile(same) && content.equals(read(same))) {
            return slashes(repoTop.relativize(same));
        }
        List<Path> copies = byContent.getOrDefault(content, List.of());
        if (!copies.isEmpty()) {
            Path best = copies.stream()
                    .filter(c -> c.getFileName().equals(f.getFileName()))
                    .findFirst()
                    .orElse(copies.get(0));
            return slashes(repoTop.relativize(best));
        }
        if (Files.isRegularFile(same)) {
            return slashes(repoTop.relativize(same));
        }
        return "<workspace>/" + slashes(rel);
    }

    private void indexOrigin() {
        if (!Files.isDirectory(origin) || origin.equals(workspace)) {
            return;
        }
        try {
            Files.walkFileTree(origin, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(origin)
                                    && SKIPPED.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (file.getFileName().toString().endsWith(".tf") && attrs.size() < 1_000_000) {
                        byContent
                                .computeIfAbsent(read(file), k -> new ArrayList<>())
                                .add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // an origin we cannot walk names no file: the workspace's names are used
        }
        byContent.values().forEach(l -> l.sort(null));
    }

    /** The top of the repository that holds {@code dir} (the nearest folder with {@code .git}), else {@code dir}'s parent. */
    static Path top(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        return dir.getParent() == null ? dir : dir.getParent();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    private static String slashes(Path p) {
        return p.toString().replace('\\', '/');
    }
}
