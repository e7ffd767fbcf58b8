package io.m300.harness.support.sweep;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.config.Durations;
import io.m300.harness.support.config.RunIds;
import io.m300.harness.support.target.AwsTarget;
import io.m300.harness.support.target.Capabilities;
import io.m300.harness.support.target.TargetEnvironment;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Finds and deletes whatever still carries the tag {@code m300:run-id} of the selected runs: the
 * cleanup job of the nightly workflow (every attempt of a workflow run: their run ids share a
 * prefix), the scheduled janitor (every nightly run older than a bound), and a tool to clean up a
 * sandbox account by hand. This class is the command line and its checks; the work is done by
 * {@link Passes} (pass after pass), {@link Janitor} (which runs are old), the deleters of the resource-type
 * descriptions ({@link io.m300.harness.support.aws.types.Deleter}, in dependency order) and {@link RunRecords}
 * (the runs' state and password parameters, deleted only after a pass that found nothing else of the run).
 *
 * <p>What to delete is found by {@link io.m300.harness.support.stack.TaggedResources#walk}, the
 * same walker the teardown check uses; which kinds exist and what each needs is described once in
 * {@link io.m300.harness.support.aws.types.ResourceTypes}. On {@code --target aws} the
 * credentials' account is checked against {@code --account} before anything is touched.
 *
 * <p>A listing the caller may not make (AccessDenied) is reported at once, on one line, and not
 * retried: no further pass can change the answer. It fails the sweep.
 *
 * <pre>
 * Sweeper (--run-id m300n123-a1 | --run-id-prefix m300n123-a [--older-than 24h])
 *         [--region eu-central-1] [--target aws --account 123456789012 | --endpoint http://127.0.0.1:5000]
 *         [--state-bucket my-state-bucket] [--keep-state] [--dry-run] [--max-wait 30m]
 * </pre>
 */
public final class Sweeper {

    public static final String TAG = "m300:run-id";
    private static final Pattern RUN_ID = RunIds.PATTERN;
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9-]{4,19}");
    /** The janitor never touches a run younger than this: a nightly run (90 min job, cleanup included) is surely over. */
    static final Duration MIN_AGE = Duration.ofHours(3);

    /** What a sweep did: deleted (or, in a dry run, would delete), could not delete, and listings it may not make. */
    public record Report(List<String> deleted, List<String> failed, List<String> denied) {
        public boolean clean() {
            return failed.isEmpty() && denied.isEmpty();
        }
    }

    /** Which runs: one run id, or every run id with a prefix, optionally only those older than a bound (janitor). */
    public record Selection(Optional<String> runId, Optional<String> prefix, Optional<Duration> olderThan) {
        public static Selection exactly(String runId) {
            return new Selection(Optional.of(runId), Optional.empty(), Optional.empty());
        }

        public static Selection prefixed(String prefix) {
            return new Selection(Optional.empty(), Optional.of(prefix), Optional.empty());
        }

        public static Selection olderThan(String prefix, Duration age) {
            return new Selection(Optional.empty(), Optional.of(prefix), Optional.of(age));
        }

        /** The common beginning of every selected run id (names of parameters and state keys start with it). */
        String namePrefix() {
            return runId.orElseGet(prefix::orElseThrow);
        }

        boolean matches(String value) {
            return runId.map(value::equals).orElseGet(() -> value.startsWith(prefix.orElseThrow()));
        }

        public String describe() {
            return runId.map(id -> TAG + "=" + id)
                    .orElseGet(() -> TAG + "=" + prefix.orElseThrow() + "*"
                            + olderThan
                                    .map(a -> " older than " + a.toHours() + " h")
                                    .orElse(""));
        }
    }

    /** Command-line options, checked. */
    public record Options(
            Selection selection,
            String region,
            Optional<URI> endpoint,
            Optional<String> stateBucket,
            boolean dryRun,
            Duration maxWait,
            Optional<String> account,
            boolean keepState) {

        public String runId() {
            return selection.namePrefix();
        }

        /** The options of a command line; a bad one throws picocli's {@link ParameterException} with a one-line message. */
        static Options parse(String... args) {
            CommandLine line = commandLine();
            line.parseArgs(args);
            return line.<Cli>getCommand().options();
        }

        static Duration duration(String value) {
            return Durations.parse(value)
                    .orElseThrow(() -> new TypeConversionException(
                            "invalid duration '" + value + "': expected " + Durations.EXAMPLES));
        }
    }

    /** The command line, as picocli reads it: {@code --help}, {@code --version}, then {@link #options()} checks the rest. */
    @Command(
            name = "Sweeper",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            resourceBundle = "io.m300.harness.support.sweep.Sweeper",
            version = "m300 harness ${bundle:m300.version}",
            description = "Deletes whatever still carries the tag m300:run-id of the selected runs.",
            footer = "%nSee docs/nightly.md, \"Sweep\".",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:nothing left", "1:something could not be deleted or listed", "2:bad options"})
    static final class Cli implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @ArgGroup(multiplicity = "0..1")
        private Runs runs = new Runs();

        static final class Runs {
            @Option(names = "--run-id", required = true, paramLabel = "<id>", description = "the run to sweep")
            private String runId;

            @Option(
                    names = "--run-id-prefix",
                    required = true,
                    paramLabel = "<prefix>",
                    description = "every run whose id starts with this (every attempt of a workflow run)")
            private String prefix;
        }

        @Option(
                names = "--older-than",
                paramLabel = "<age>",
                converter = DurationConverter.class,
                description = "with --run-id-prefix: only runs older than this, at least 3h (the janitor), e.g. 24h")
        private Duration olderThan;

        @Option(
                names = "--region",
                paramLabel = "<region>",
                defaultValue = "eu-central-1",
                description = "default: ${DEFAULT-VALUE}")
        private String region;

        @Option(
                names = "--target",
                paramLabel = "aws|endpoint",
                description = "default: endpoint with --endpoint, else aws")
        private String target;

        @Option(names = "--endpoint", paramLabel = "<url>", description = "an emulator, e.g. http://127.0.0.1:5000")
        private URI endpoint;

        @Option(
                names = "--state-bucket",
                paramLabel = "<bucket>",
                description = "also delete the runs' Terraform state there")
        private String stateBucket;

        @Option(
                names = "--account",
                paramLabel = "<12 digits>",
                defaultValue = "${env:HARNESS_AWS_ACCOUNT}",
                description =
                        "the account the credentials must belong to, checked (sts:GetCallerIdentity) before anything "
                                + "is touched; required with --target aws (default: $HARNESS_AWS_ACCOUNT)")
        private String account;

        @Option(
                names = "--keep-state",
                description =
                        "keep every run's Terraform state and SSM parameters whatever the sweep "
                                + "finds (after a failed destroy: they are the record of what was deployed; the janitor deletes them later)")
        private boolean keepState;

        @Option(names = "--dry-run", description = "list what would be deleted, delete nothing")
        private boolean dryRun;

        @Option(
                names = "--max-wait",
                paramLabel = "<time>",
                defaultValue = "30m",
                converter = DurationConverter.class,
                description = "give up on what is still pending after this long (default: ${DEFAULT-VALUE})")
        private Duration maxWait;

        Options options() {
            String runId = runs.runId;
            String prefix = runs.prefix;
            if (prefix == null && (runId == null || !RUN_ID.matcher(runId).matches())) {
                throw bad(
                        "--run-id is required: 3-20 lowercase letters, digits and hyphens, starting with a letter (got '"
                                + runId + "'), or instead --run-id-prefix");
            }
            if (prefix != null && !PREFIX.matcher(prefix).matches()) {
                throw bad("--run-id-prefix must be 5-20 lowercase letters, digits and hyphens, starting with "
                        + "a letter (got '" + prefix + "'): a shorter prefix could select another project's resources");
            }
            if (olderThan != null && prefix == null) {
                throw bad("--older-than needs --run-id-prefix (the janitor sweeps every run id with that prefix)");
            }
            if (olderThan != null && olderThan.compareTo(MIN_AGE) < 0) {
                throw bad(
                        "--older-than must be at least " + MIN_AGE.toHours() + "h: a younger run may still be running");
            }
            String kind = target != null ? target : endpoint != null ? "endpoint" : "aws";
            if (!kind.equals("aws") && !kind.equals("endpoint")) {
                throw bad("--target must be aws or endpoint (got '" + kind + "')");
            }
            if (kind.equals("endpoint") && endpoint == null) {
                throw bad("--target endpoint needs --endpoint <url>");
            }
            if (kind.equals("aws") && endpoint != null) {
                throw bad("--target aws takes no --endpoint");
            }
            Optional<String> expected =
                    Optional.ofNullable(account).map(String::trim).filter(a -> !a.isEmpty());
            if (expected.isPresent() && !expected.get().matches("\\d{12}")) {
                throw bad("--account must be the 12 digits of an AWS account id (got "
                        + expected.get().length() + " characters)");
            }
            if (kind.equals("aws") && expected.isEmpty()) {
                throw bad(
                        "--target aws needs --account (or HARNESS_AWS_ACCOUNT), the 12-digit id of the sandbox account: "
                                + "the sweeper refuses to touch any other account");
            }
            Selection selection = runId != null
                    ? Selection.exactly(runId)
                    : olderThan != null ? Selection.olderThan(prefix, olderThan) : Selection.prefixed(prefix);
            return new Options(
                    selection,
                    region,
                    Optional.ofNullable(endpoint),
                    Optional.ofNullable(stateBucket).filter(b -> !b.isBlank()),
                    dryRun,
                    maxWait,
                    expected,
                    keepState);
        }

        private ParameterException bad(String message) {
            return new ParameterException(spec.commandLine(), message);
        }

        @Override
        public Integer call() {
            return run(options(), spec.commandLine().getOut());
        }
    }

    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Options.duration(value);
        }
    }

    /**
     * The command line with the harness's error handling: a bad option is one line and exit 2, a
     * {@link HarnessException} while sweeping one line and exit 1, never a stack trace.
     */
    static CommandLine commandLine() {
        return new CommandLine(new Cli())
                .setParameterExceptionHandler((e, args) -> {
                    e.getCommandLine()
                            .getErr()
                            .println("[sweep] " + e.getMessage().replaceFirst("^Error: ", "") + " (see --help)");
                    return ExitCode.USAGE;
                })
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    if (!(e instanceof HarnessException)) {
                        throw e;
                    }
                    line.getErr().println("[sweep] " + e.getMessage());
                    return ExitCode.SOFTWARE;
                });
    }

    private final AwsClients aws;
    private final Selection selection;
    private final PrintStream out;
    private final boolean dryRun;
    private final Duration maxWait;
    private final Duration passInterval;
    private final Instant now;
    private boolean keepState;

    public Sweeper(
            AwsClients aws, String runId, PrintStream out, boolean dryRun, Duration maxWait, Duration passInterval) {
        this(aws, Selection.exactly(runId), out, dryRun, maxWait, passInterval, Instant.now());
    }

    public Sweeper(
            AwsClients aws,
            Selection selection,
            PrintStream out,
            boolean dryRun,
            Duration maxWait,
            Duration passInterval,
            Instant now) {
        this.aws = aws;
        this.selection = selection;
        this.out = out;
        this.dryRun = dryRun;
        this.maxWait = maxWait;
        this.passInterval = passInterval;
        this.now = now;
    }

    /** Keeps every run's state and parameters whatever a pass finds (the fallback destroy failed: they are the record). */
    public Sweeper keepingState(boolean keep) {
        this.keepState = keep;
        return this;
    }

    public static void main(String[] args) {
        int exit = commandLine().execute(args);
        if (exit != 0) {
            System.exit(exit); // only then: under exec:java a plain exit would end Maven too
        }
    }

    /** Sweeps as the options say and prints the summary; 0 when nothing failed. */
    private static int run(Options options, PrintWriter out) {
        // on aws, AwsTarget checks the account (sts:GetCallerIdentity) before anything else
        TargetEnvironment target = options.endpoint()
                .map(e -> emulatorAt(e, options.region()))
                .orElseGet(() -> new AwsTarget(options.region(), options.account()).start());
        Report report;
        // On an emulator without retries: an unimplemented call answers 500, and retrying it only costs time.
        try (AwsClients aws = target.isEmulator() ? AwsClients.withoutRetries(target) : AwsClients.of(target)) {
            if (target.isEmulator()) {
                options.account().ifPresent(expected -> AccountGuard.check(aws, expected));
            }
            Sweeper sweeper = new Sweeper(
                            aws,
                            options.selection(),
                            System.out,
                            options.dryRun(),
                            options.maxWait(),
                            Duration.ofSeconds(15),
                            Instant.now())
                    .keepingState(options.keepState());
            report = sweeper.sweep(options.stateBucket());
        }
        out.println("[sweep] " + (options.dryRun() ? "would delete " : "deleted ")
                + report.deleted().size()
                + " resource(s) tagged " + options.selection().describe() + " on " + target.description()
                + (report.failed().isEmpty() ? "" : "; " + report.failed().size() + " could not be deleted:")
                + (report.denied().isEmpty()
                        ? ""
                        : "; " + report.denied().size() + " listing(s) denied (see DENIED above)"));
        report.failed().forEach(f -> out.println("[sweep]   FAILED " + f));
        return report.clean() ? ExitCode.OK : ExitCode.SOFTWARE;
    }

    /** An emulator at {@code endpoint} with the emulators' dummy credentials. */
    public static TargetEnvironment emulatorAt(URI endpoint, String region) {
        return new TargetEnvironment(
                "endpoint",
                "emulator at " + endpoint,
                Optional.of(endpoint),
                region,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
                Map.of(),
                Capabilities.all(),
                true);
    }

    /**
     * Sweeps in passes until a pass leaves nothing failed or pending, or the time bound is reached.
     * A run's state and parameters go only after a pass that found nothing else of the run.
     */
    public Report sweep(Optional<String> stateBucket) {
        return new Passes(new Deletions(aws, out, dryRun), selection, keepState, maxWait, passInterval, now)
                .sweep(stateBucket);
    }
}
