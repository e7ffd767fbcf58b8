package io.m300.harness.support.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountRedactionTest {

    @Test
    void masksAccountIdsInArnsUrlsAndValuesButKeepsDurations() {
        String json = """
                {"name": "arn:aws:iam::123456789012:role/m300n1-a1-task",
                 "queue": "https://sqs.eu-central-1.amazonaws.com/123456789012/m300n1-a1-probe",
                 "Account": "210987654321", "duration": 123456789012,
                 "note": "owner 555566667777 found", "long": 12345678901234}""";
        String out = AccountRedaction.redact(json, "");
        assertThat(out)
                .doesNotContain("123456789012:role", "/123456789012/", "210987654321", "555566667777")
                .contains(
                        "arn:aws:iam::************:role/m300n1-a1-task",
                        "\"duration\": 123456789012",
                        "12345678901234");
    }

    @Test
    void theRunsOwnAccountIsMaskedEvenAsABareNumber() {
        assertThat(AccountRedaction.redact("{\"acct\": 123456789012}", "123456789012"))
                .isEqualTo("{\"acct\": ************}");
    }

    @Test
    void rewritesTheTextFilesOfATreeAndLeavesOthers(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("living-docs/controls"));
        Files.writeString(
                dir.resolve("living-docs/controls/NET-01.html"), "<td>arn:aws:rds:eu-central-1:123456789012:db:x</td>");
        Files.writeString(dir.resolve("living-docs/clean.html"), "<td>nothing</td>");
        Files.write(dir.resolve("living-docs/shot.png"), "123456789012".getBytes());
        assertThat(AccountRedaction.redactTree(List.of(dir.resolve("living-docs"), dir.resolve("absent")), ""))
                .isEqualTo(1);
        assertThat(Files.readString(dir.resolve("living-docs/controls/NET-01.html")))
                .contains("eu-central-1:************:db:x");
        assertThat(Files.readString(dir.resolve("living-docs/shot.png"))).isEqualTo("123456789012");
    }
}
