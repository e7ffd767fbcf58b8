package io.m300.harness.support.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.stack.TaggedResources;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/** The sweeper's choices that need no emulator: its command line, which runs, which answers are denials. */
class SweeperOptionsTest {

    private static final String ACCOUNT = "210987654321";

    @Test
    void onAwsTheAccountIsRequiredAndTwelveDigits() {
        assertThatThrownBy(() -> Sweeper.Options.parse("--run-id", "m300n1-a1", "--target", "aws"))
                .as("HARNESS_AWS_ACCOUNT is not set in the tests' environment")
                .hasMessage(
                        "--target aws needs --account (or HARNESS_AWS_ACCOUNT), the 12-digit id of the sandbox account: "
                                + "the sweeper refuses to touch any other account");
        assertThatThrownBy(() -> Sweeper.Options.parse("--run-id", "m300n1-a1", "--account", "1234"))
                .hasMessageContaining("12 digits")
                .hasMessageNotContaining("1234");
        var o = Sweeper.Options.parse("--run-id", "m300n1-a1", "--account", ACCOUNT, "--keep-state");
        assertThat(o.account()).contains(ACCOUNT);
        assertThat(o.keepState()).isTrue();
        assertThat(Sweeper.Options.parse("--run-id", "m300n1-a1", "--endpoint", "http://127.0.0.1:1")
                        .account())
                .as("an emulator needs no account; one given is checked there too")
                .isEmpty();
        assertThat(run("--run-id", "m300n1-a1").err)
                .startsWith("[sweep] --target aws needs --account")
                .endsWith("(see --help)\n");
    }

    @Test
    void sweepsEveryAttemptOfAWorkflowRunByPrefix() {
        var o = Sweeper.Options.parse(
                "--run-id-prefix", "m300n12345678901-a", "--state-bucket", "b", "--account", ACCOUNT);
        assertThat(o.selection().matches("m300n12345678901-a1")).isTrue();
        assertThat(o.selection().matches("m300n12345678901-a2")).isTrue();
        assertThat(o.selection().matches("m300n12345678901-b1"))
                .as("another leg")
                .isFalse();
        assertThat(o.selection().matches("m300n1234567890-a1"))
                .as("another run")
                .isFalse();
        assertThat(o.selection().describe()).isEqualTo("m300:run-id=m300n12345678901-a*");
    }

    @Test
    void refusesAPrefixThatCouldSelectOtherProjectsAndAJanitorWithoutBound() {
        assertThatThrownBy(() -> Sweeper.Options.parse("--run-id-prefix", "m")).hasMessageContaining("5-20");
        assertThatThrownBy(() -> Sweeper.Options.parse("--run-id", "m300n1-a1", "--run-id-prefix", "m300n"))
                .hasMessageContaining("--run-id");
        assertThatThrownBy(() -> Sweeper.Options.parse("--run-id", "m300n1-a1", "--older-than", "24h"))
                .hasMessageContaining("needs --run-id-prefix");
        assertThatThrownBy(() -> Sweeper.Options.parse("--run-id-prefix", "m300n", "--older-than", "1h"))
                .hasMessageContaining("at least 3h");
        assertThatThrownBy(() -> Sweeper.Options.parse("--run-id", "m300n1-a1", "--target", "gcp"))
                .hasMessageContaining("aws or endpoint");
        assertThatThrownBy(() -> Sweeper.Options.parse("--run-id", "m300n1-a1", "--target", "endpoint"))
                .hasMessageContaining("needs --endpoint");
        assertThat(Sweeper.Options.parse("--run-id-prefix", "m300n", "--older-than", "2d", "--account", ACCOUNT)
                        .selection()
                        .olderThan())
                .contains(Duration.ofDays(2));
    }

    @Test
    void aBadOptionIsOneLineWithAHintAndExitCode2() {
        Run run = run("--run-id", "m300n1-a1", "--bogus");
        assertThat(run.exit).isEqualTo(2);
        assertThat(run.out).isEmpty();
        assertThat(run.err).isEqualTo("[sweep] Unknown option: '--bogus' (see --help)\n");
        assertThat(run("--run-id-prefix", "m300n", "--older-than", "1h").err)
                .isEqualTo(
                        "[sweep] --older-than must be at least 3h: a younger run may still be running (see --help)\n");
        assertThat(run("--run-id", "m300n1-a1", "--account", ACCOUNT, "--max-wait", "soon").err)
                .isEqualTo(
                        "[sweep] Invalid value for option '--max-wait': invalid duration 'soon': expected e.g. 90s, 30m, 24h or 2d (see --help)\n");
        assertThat(run("--run-id", "m300n1-a1", "--account", ACCOUNT, "--state-bucket").err)
                .startsWith("[sweep] Missing required parameter for option '--state-bucket'")
                .doesNotContain("\n[");
        assertThat(run().err)
                .startsWith("[sweep] --run-id is required")
                .endsWith("or instead --run-id-prefix (see --help)\n");
    }

    @Test
    void helpAndVersionNameEveryOptionAndExitZero() {
        Run help = run("--help");
        assertThat(help.exit).isZero();
        assertThat(help.err).isEmpty();
        assertThat(help.out)
                .startsWith("Usage: Sweeper ")
                .contains(
                        "--run-id=<id>",
                        "--run-id-prefix=<prefix>",
                        "--older-than=<age>",
                        "--region=<region>",
                        "default: eu-central-1",
                        "--target=aws|endpoint",
                        "--endpoint=<url>",
                        "--state-bucket=<bucket>",
                        "--dry-run",
                        "--max-wait=<time>",
                        "default: 30m",
                        "--account=<12 digits>",
                        "--keep-state",
                        "2   bad options");
        Run version = run("--version");
        assertThat(version.exit).isZero();
        assertThat(version.out).matches("m300 harness \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n");
    }

    @Test
    void aHarnessExceptionWhileSweepingIsOneLineAndExitCode1() throws Exception {
        CommandLine line = Sweeper.commandLine();
        StringWriter err = new StringWriter();
        line.setErr(new PrintWriter(err, true));
        int exit = line.getExecutionExceptionHandler()
                .handleExecutionException(new HarnessException("target 'aws' found no AWS credentials"), line, null);
        assertThat(exit).isEqualTo(1);
        assertThat(err).hasToString("[sweep] target 'aws' found no AWS credentials\n");
        assertThatThrownBy(() -> line.getExecutionExceptionHandler()
                        .handleExecutionException(new IllegalStateException("a bug"), line, null))
                .as("a bug keeps its stack trace")
                .hasMessage("a bug");
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Sweeper.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void janitorTakesOnlyRunsWhoseOldestKnownTimeIsOlderThanTheBound() {
        Instant now = Instant.parse("2026-12-01T05:00:00Z");
        Map<String, Instant> oldest = Map.of(
                "m300n1-a1", now.minus(Duration.ofDays(3)),
                "m300n2-a1", now.minus(Duration.ofHours(1)));
        Set<String> seen = Set.of("m300n1-a1", "m300n2-a1", "m300n3-a1");
        assertThat(Janitor.olderThan(oldest, seen, now, Duration.ofHours(24)))
                .as("old run swept; the running one and the one of unknown age left alone")
                .containsExactly("m300n1-a1");
    }

    @Test
    void aDeniedListingIsToldApartFromAFailedOne() {
        var denied = IamException.builder()
                .statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("AccessDenied")
                        .errorMessage("User is not authorized to perform: iam:ListRoleTags")
                        .build())
                .build();
        var lambdaDenied = LambdaException.builder()
                .statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("AccessDeniedException")
                        .errorMessage("not authorized to perform: lambda:ListTags")
                        .build())
                .build();
        var throttled = IamException.builder()
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("Throttling")
                        .errorMessage("Rate exceeded")
                        .build())
                .build();
        assertThat(TaggedResources.isDenied(denied)).isTrue();
        assertThat(TaggedResources.isDenied(lambdaDenied)).isTrue();
        assertThat(TaggedResources.isDenied(throttled)).isFalse();
        assertThat(TaggedResources.isDenied(new HarnessException(
                        "CloudWatch DescribeAlarms failed with HTTP 403 at https://monitoring: AccessDenied")))
                .isTrue();
        assertThat(TaggedResources.message(denied))
                .isEqualTo("AccessDenied: User is not authorized to perform: iam:ListRoleTags");
    }
}
