package io.m300.harness.support.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes the copies of Terraform state and saved plans that Terraform leaves in a working
 * directory: {@code *.tfstate.backup}, {@code errored.tfstate}, {@code *.tfplan}, and, once the
 * stack is gone (or its state lives in a remote backend), the local {@code terraform.tfstate}
 * itself. A leaky stack's password is in each of them, and nothing the harness reports needs them.
 */
public final class LocalStateCopies {

    private LocalStateCopies() {}

    /**
     * Deletes the copies under {@code dir} (not following links, not inside {@code .terraform}
     * provider folders). {@code includeLiveState} also deletes {@code terraform.tfstate} files: only
     * when no later Terraform command needs them. Returns the deleted paths.
     */
    public static List<Path> remove(Path dir, boolean includeLiveState) {
        List<Path> deleted = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return deleted;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile)
                    .filter(p -> isCopy(p.getFileName().toString(), includeLiveState))
                    .toList()) {
                Files.deleteIfExists(p);
                deleted.add(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove state copies under " + dir, e);
        }
        return deleted;
    }

    static boolean isCopy(String name, boolean includeLiveState) {
        return name.endsWith(".tfstate.backup")
                || name.equals("errored.tfstate")
                || name.endsWith(".tfplan")
                || (includeLiveState && name.endsWith(".tfstate") && !name.equals("terraform.tfstate.d"));
    }
}
