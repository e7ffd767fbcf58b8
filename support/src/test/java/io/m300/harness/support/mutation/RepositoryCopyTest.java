package io.m300.harness.support.mutation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryCopyTest {

    @TempDir
    Path dir;

    @Test
    void theCopyIgnoresWhatTheOriginalIgnoresAndItsPatchesStayInIt() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        git(repo, "init", "-q");
        Files.writeString(repo.resolve(".gitignore"), "*.tfstate\n");
        Files.writeString(repo.resolve(".git").resolve("info").resolve("exclude"), "local-notes.txt\n");
        Path infra = Files.createDirectories(repo.resolve("infra"));
        Files.writeString(infra.resolve("main.tf"), "# the stack\n");
        Files.writeString(infra.resolve("uncommitted.tf"), "# not committed yet: the copy has it\n");
        Files.createDirectories(infra.resolve(".terraform"))
                .resolve("provider")
                .toFile()
                .createNewFile();
        Files.createDirectories(repo.resolve("features").resolve("target"))
                .resolve("big.jar")
                .toFile()
                .createNewFile();

        Path infraCopy = RepositoryCopy.of(infra, dir.resolve("copy"));

        assertThat(infraCopy)
                .isEqualTo(dir.resolve("copy").resolve("infra").toAbsolutePath().normalize());
        assertThat(infraCopy.resolve("main.tf")).hasContent("# the stack");
        assertThat(infraCopy.resolve("uncommitted.tf")).exists();
        assertThat(infraCopy.resolve(".terraform")).doesNotExist();
        assertThat(dir.resolve("copy").resolve("features").resolve("target")).doesNotExist();
        // its own repository, with the original's ignore rules
        assertThat(git(infraCopy, "rev-parse", "--show-toplevel").strip())
                .isEqualTo(dir.resolve("copy").toRealPath().toString());
        assertThat(git(infraCopy, "check-ignore", "-n", "-v", "terraform.tfstate", "../local-notes.txt", "main.tf"))
                .contains(".gitignore:1:*.tfstate\tterraform.tfstate")
                .contains("info/exclude:1:local-notes.txt\t../local-notes.txt")
                .contains("::\tmain.tf");
        // a patch to the copy (a mutant breaking .gitignore) leaves the original as it was
        Files.writeString(dir.resolve("copy").resolve(".gitignore"), "# nothing ignored\n");
        assertThat(repo.resolve(".gitignore")).hasContent("*.tfstate");
        assertThat(git(infra, "check-ignore", "-n", "-v", "terraform.tfstate")).contains(".gitignore:1:*.tfstate");
        // copied again: afresh
        RepositoryCopy.of(infra, dir.resolve("copy"));
        assertThat(dir.resolve("copy").resolve(".gitignore")).hasContent("*.tfstate");
    }

    @Test
    void outsideAGitWorkTreeTheInfraDirectoryIsUsedAsItIs() throws Exception {
        Path infra = Files.createDirectories(dir.resolve("plain").resolve("infra"));
        assertThat(RepositoryCopy.of(infra, dir.resolve("copy"))).isEqualTo(infra);
        assertThat(dir.resolve("copy")).doesNotExist();
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
