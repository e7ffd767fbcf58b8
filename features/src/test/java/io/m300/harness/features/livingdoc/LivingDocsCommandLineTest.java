package io.m300.harness.features.livingdoc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The living documentation's command line: help, version, and the one-line errors with their exit codes. */
class LivingDocsCommandLineTest {

    @TempDir
    Path dir;

    @Test
    void helpNamesEveryOptionAndVersionTheBuild() {
        Run help = run("--help");
        assertThat(help.exit).isZero();
        assertThat(help.out)
                .startsWith("Usage: LivingDocs ")
                .contains(
                        "--cucumber=<file>",
                        "--harness=<dir>",
                        "--reports[=<dir>]",
                        "--mutation[=<file>]",
                        "--catalogue[=<file>]",
                        "--out=<dir>",
                        "--protect=<variable>",
                        "default: target/living-docs");
        Run version = run("--version");
        assertThat(version.exit).isZero();
        assertThat(version.out).matches("m300 harness \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n");
    }

    @Test
    void aBadOptionIsOneLineWithAHintAndExitCode2() {
        Run unknown = run("--cucumber", "x.json", "--bogus");
        assertThat(unknown.exit).isEqualTo(2);
        assertThat(unknown.err).isEqualTo("[livingdoc] Unknown option: '--bogus' (see --help)\n");
        assertThat(run("--out", "").err).isEqualTo("[livingdoc] --out needs a value (see --help)\n");
        assertThat(run("--out").err)
                .startsWith("[livingdoc] Missing required parameter for option '--out'")
                .endsWith("(see --help)\n");
    }

    @Test
    void anEmptyOptionalValueLeavesItUnsetAndBadInputIsOneLineWithExitCode1() throws Exception {
        Path catalogue = Files.writeString(dir.resolve("controls.md"), """
                ## 1. Area
                | ID | Statement | Evidence on every target | Behaviour where the target allows | Mutant |
                |---|---|---|---|---|
                | X-01 | one | e | — |
                """);
        Path cucumber = Files.writeString(dir.resolve("cucumber.json"), "[]");
        Run bad = run(
                "--cucumber",
                cucumber.toString(),
                "--harness",
                dir.toString(),
                "--reports",
                "--mutation",
                "",
                "--catalogue",
                catalogue.toString(),
                "--out",
                dir.resolve("site").toString());
        assertThat(bad.exit).isEqualTo(1);
        assertThat(bad.err).isEqualTo("[livingdoc] controls.md line 4: the row has 4 cells, its table 5\n");
        Run folder = run(
                "--cucumber",
                cucumber.toString(),
                "--reports",
                dir.resolve("none").toString(),
                "--out",
                dir.toString());
        assertThat(folder.exit).isEqualTo(1);
        assertThat(folder.err).isEqualTo("[livingdoc] --reports " + dir.resolve("none") + " is not a folder\n");
    }

    @Test
    void cucumbersOwnReportIsCopiedToTheSiteUnlessItHoldsAProtectedValue() throws Exception {
        Path report =
                Files.writeString(dir.resolve("cucumber.html"), "<html>scenario evidence: key \\\"quoted\\\" x</html>");
        Path site = dir.resolve("site");
        assertThat(LivingDocs.copyCucumberReport(report, site, List.of("other-secret")))
                .contains("cucumber.html");
        assertThat(site.resolve("cucumber.html")).hasSameTextualContentAs(report);

        Path clean = dir.resolve("clean");
        assertThat(LivingDocs.copyCucumberReport(report, clean, List.of("evidence")))
                .isEmpty();
        assertThat(LivingDocs.copyCucumberReport(report, clean, List.of("key \"quoted\"")))
                .as("JSON-escaped")
                .isEmpty();
        assertThat(clean.resolve("cucumber.html")).doesNotExist();
        assertThat(LivingDocs.copyCucumberReport(dir.resolve("missing.html"), clean, List.of()))
                .isEmpty();
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LivingDocs.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
