package io.m300.harness.support.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.m300.harness.support.HarnessException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitIgnoreCheckTest {

    @Test
    void parsesVerboseNonMatchingOutput() {
        String out =
                ".gitignore:1:.terraform/\t.terraform/providers/x\n::\tcrash.log\n.gitignore:3:!terraform.tfvars\tterraform.tfvars\n";
        var v = GitIgnoreCheck.parse(
                out, List.of(".terraform/providers/x", "crash.log", "terraform.tfvars", "missing"));
        assertThat(v).extracting(GitIgnoreCheck.Verdict::ignored).containsExactly(true, false, false, false);
        assertThat(v.get(0).rule()).isEqualTo(".gitignore:1:.terraform/");
    }

    @Test
    void aRepositoryMissingAnIgnoreLineFails(@TempDir Path repo) throws Exception {
        assertThat(new ProcessBuilder("git", "init", "-q", repo.toString())
                        .start()
                        .waitFor())
                .isZero();
        Files.writeString(repo.resolve(".gitignore"), ".terraform/\n*.tfstate\n*.tfstate.backup\nterraform.tfvars\n");
        Path infra = Files.createDirectories(repo.resolve("infra"));
        var verdicts = GitIgnoreCheck.check(infra, GitIgnoreCheck.sensitivePaths());
        assertThat(verdicts)
                .filteredOn(v -> !v.ignored())
                .extracting(GitIgnoreCheck.Verdict::path)
                .containsExactly("crash.log");
    }

    @Test
    void aDirectoryOutsideGitFailsClearly(@TempDir Path dir) {
        assertThatThrownBy(() -> GitIgnoreCheck.check(dir, List.of("crash.log")))
                .isInstanceOf(HarnessException.class)
                .hasMessageContaining("is not inside a git work tree");
    }
}
