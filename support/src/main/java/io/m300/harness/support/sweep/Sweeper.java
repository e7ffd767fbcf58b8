package io.m300.harness.support.sweep;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.config.Durations;
import io.m300.harness.support.config.RunIds;
import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.stack.Leftovers;
import io.m300.harness.support.stack.TaggedResources;
import io.m300.harness.support.stack.TaggedResources.Found;
import io.m300.harness.support.target.AwsTarget;
import io.m300.harness.support.target.Capabilities;
import io.m300.harness.support.target.TargetEnvironment;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
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
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;

/**
 * Finds and deletes whatever still carries the tag {@code m300:run-id} of the selected runs: the
 * cleanup job of the nightly workflow (every attempt of a workflow run: their run ids share a
 * prefix), the scheduled janitor (every nightly run older than a bound), and a tool to clean up a
 * sandbox account by hand.
 *
 * <p>What to delete is found by {@link TaggedResources#walk}, the same paginated walker the
 * teardown check uses. Deletion follows the dependencies: workloads (ECS, load balancers, Lambda,
 * RDS) first, then monitoring and messaging, then the network from the outside in, then IAM,
 * certificates, keys (scheduled for deletion: KMS never deletes at once), buckets, the runs' SSM
 * parameters ({@code /<run id>/...}, untagged prerequisites) and their state in the state bucket.
 * Deletions that wait for others (an RDS instance being deleted still holds its subnets) are
 * retried in further passes until nothing is left or the time bound is reached.
 *
 * <p>A listing the caller may not make (AccessDenied) is reported at once, on one line, and not
 * retried: no further pass can change the answer. It fails the sweep.
 *
 * <pre>
 * Sweeper (--run-id m300n123-a1 | --run-id-prefix m300n123-a [--older-than 24h])
 *         [--region eu-central-1] [--target aws | --endpoint http://127.0.0.1:5000]
 *         [--state-bucket my-state-bucket] [--dry-run] [--max-wait 30m]
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
                            + olderThan.map(a -> " older than " + a.toHours() + " h").orElse(""));
        }
    }

    /** Command-line options, checked. */
    public record Options(Selection selection, String region, Optional<URI> endpoint, Optional<String> stateBucket,
                          boolean dryRun, Duration maxWait) {

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
            return Durations.parse(value).orElseThrow(() -> new TypeConversionException("invalid duration '" + value
                    + "': expected " + Durations.EXAMPLES));
        }
    }

    /** The command line, as picocli reads it: {@code --help}, {@code --version}, then {@link #options()} checks the rest. */
    @Command(name = "Sweeper", mixinStandardHelpOptions = true, sortOptions = false,
            resourceBundle = "io.m300.harness.support.sweep.Sweeper", version = "m300 harness ${bundle:m300.version}",
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
            @Option(names = "--run-id-prefix", required = true, paramLabel = "<prefix>",
                    description = "every run whose id starts with this (every attempt of a workflow run)")
            private String prefix;
        }

        @Option(names = "--older-than", paramLabel = "<age>", converter = DurationConverter.class,
                description = "with --run-id-prefix: only runs older than this, at least 3h (the janitor), e.g. 24h")
        private Duration olderThan;
        @Option(names = "--region", paramLabel = "<region>", defaultValue = "eu-central-1", description = "default: ${DEFAULT-VALUE}")
        private String region;
        @Option(names = "--target", paramLabel = "aws|endpoint", description = "default: endpoint with --endpoint, else aws")
        private String target;
        @Option(names = "--endpoint", paramLabel = "<url>", description = "an emulator, e.g. http://127.0.0.1:5000")
        private URI endpoint;
        @Option(names = "--state-bucket", paramLabel = "<bucket>", description = "also delete the runs' Terraform state there")
        private String stateBucket;
        @Option(names = "--dry-run", description = "list what would be deleted, delete nothing")
        private boolean dryRun;
        @Option(names = "--max-wait", paramLabel = "<time>", defaultValue = "30m", converter = DurationConverter.class,
                description = "give up on what is still pending after this long (default: ${DEFAULT-VALUE})")
        private Duration maxWait;

        Options options() {
            String runId = runs.runId;
            String prefix = runs.prefix;
            if (prefix == null && (runId == null || !RUN_ID.matcher(runId).matches())) {
                throw bad("--run-id is required: 3-20 lowercase letters, digits and hyphens, starting with a letter (got '"
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
                throw bad("--older-than must be at least " + MIN_AGE.toHours() + "h: a younger run may still be running");
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
            Selection selection = runId != null ? Selection.exactly(runId)
                    : olderThan != null ? Selection.olderThan(prefix, olderThan) : Selection.prefixed(prefix);
            return new Options(selection, region, Optional.ofNullable(endpoint),
                    Optional.ofNullable(stateBucket).filter(b -> !b.isBlank()), dryRun, maxWait);
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
                    e.getCommandLine().getErr().println("[sweep] " + e.getMessage().replaceFirst("^Error: ", "") + " (see --help)");
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
    /** The run ids this sweep deletes (fixed by the first walk for the janitor; otherwise by the selection). */
    private Predicate<String> selected;

    private final List<String> deleted = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();
    private final List<String> pending = new ArrayList<>();
    private final Set<String> denied = new LinkedHashSet<>();
    private final Set<String> done = new LinkedHashSet<>();
    private final Set<String> notes = new LinkedHashSet<>();

    public Sweeper(AwsClients aws, String runId, PrintStream out, boolean dryRun, Duration maxWait, Duration passInterval) {
        this(aws, Selection.exactly(runId), out, dryRun, maxWait, passInterval, Instant.now());
    }

    public Sweeper(AwsClients aws, Selection selection, PrintStream out, boolean dryRun, Duration maxWait, Duration passInterval,
                   Instant now) {
        this.aws = aws;
        this.selection = selection;
        this.out = out;
        this.dryRun = dryRun;
        this.maxWait = maxWait;
        this.passInterval = passInterval;
        this.now = now;
    }

    public static void main(String[] args) {
        int exit = commandLine().execute(args);
        if (exit != 0) {
            System.exit(exit); // only then: under exec:java a plain exit would end Maven too
        }
    }

    /** Sweeps as the options say and prints the summary; 0 when nothing failed. */
    private static int run(Options options, PrintWriter out) {
        TargetEnvironment target = options.endpoint()
                .map(e -> emulatorAt(e, options.region()))
                .orElseGet(() -> new AwsTarget(options.region()).start());
        Report report;
        // On an emulator without retries: an unimplemented call answers 500, and retrying it only costs time.
        try (AwsClients aws = target.isEmulator() ? AwsClients.withoutRetries(target) : AwsClients.of(target)) {
            Sweeper sweeper = new Sweeper(aws, options.selection(), System.out, options.dryRun(), options.maxWait(),
                    Duration.ofSeconds(15), Instant.now());
            report = sweeper.sweep(options.stateBucket());
        }
        out.println("[sweep] " + (options.dryRun() ? "would delete " : "deleted ") + report.deleted().size()
                + " resource(s) tagged " + options.selection().describe() + " on " + target.description()
                + (report.failed().isEmpty() ? "" : "; " + report.failed().size() + " could not be deleted:")
                + (report.denied().isEmpty() ? "" : "; " + report.denied().size() + " listing(s) denied (see DENIED above)"));
        report.failed().forEach(f -> out.println("[sweep]   FAILED " + f));
        return report.clean() ? ExitCode.OK : ExitCode.SOFTWARE;
    }

    /** An emulator at {@code endpoint} with the emulators' dummy credentials. */
    public static TargetEnvironment emulatorAt(URI endpoint, String region) {
        return new TargetEnvironment("endpoint", "emulator at " + endpoint, Optional.of(endpoint), region,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), Map.of(),
                Capabilities.all(), true);
    }

    /** Sweeps in passes until a pass leaves nothing failed or pending, or the time bound is reached. */
    public Report sweep(Optional<String> stateBucket) {
        selected = selection.olderThan().isEmpty() ? selection::matches : oldRuns(stateBucket, selection.olderThan().get());
        long deadline = System.nanoTime() + maxWait.toNanos();
        int pass = 0;
        while (true) {
            pass++;
            failed.clear();
            pending.clear();
            onePass(stateBucket);
            if (dryRun || (failed.isEmpty() && pending.isEmpty())) {
                break;
            }
            if (System.nanoTime() + passInterval.toNanos() > deadline) {
                pending.forEach(p -> failed.add(p + " (still pending after " + maxWait.toSeconds() + " s)"));
                break;
            }
            out.println("[sweep] pass " + pass + ": " + failed.size() + " failed, " + pending.size()
                    + " pending; next pass in " + passInterval.toSeconds() + " s");
            pause(passInterval);
        }
        return new Report(List.copyOf(deleted), List.copyOf(failed), List.copyOf(denied));
    }

    // ---------------------------------------------------------------- the janitor's choice

    /**
     * The run ids with the selection's prefix whose oldest known time is older than {@code age}.
     * Times: each resource's own creation time where its listing has one (IAM, KMS, RDS, logs,
     * ACM, S3, ECS task definitions), the run's state in the state bucket and its SSM parameters
     * (last modified). A run id with no known time is left alone and named.
     */
    private Predicate<String> oldRuns(Optional<String> stateBucket, Duration age) {
        Map<String, Instant> oldest = new TreeMap<>();
        Set<String> seen = new LinkedHashSet<>();
        TaggedResources.Listing listing = TaggedResources.walk(aws, TAG, selection::matches);
        reportDenied(listing);
        for (Found f : listing.items()) {
            seen.add(f.runId());
            f.created().ifPresent(t -> oldest.merge(f.runId(), t, (a, b) -> a.isBefore(b) ? a : b));
        }
        guarded("ssm", () -> parameters(selection::matches).forEach((name, t) -> {
            String run = name.split("/")[1];
            seen.add(run);
            oldest.merge(run, t, (a, b) -> a.isBefore(b) ? a : b);
        }));
        stateBucket.ifPresent(b -> guarded("state", () -> stateObjects(b, selection::matches).forEach((run, t) -> {
            seen.add(run);
            oldest.merge(run, t, (a, b2) -> a.isBefore(b2) ? a : b2);
        })));
        Set<String> old = olderThan(oldest, seen, now, age);
        for (String run : seen) {
            Instant t = oldest.get(run);
            if (t == null) {
                out.println("[sweep] janitor: run " + run + " has no known creation time; left alone (sweep it with --run-id)");
            } else if (old.contains(run)) {
                out.println("[sweep] janitor: run " + run + " is from " + t + ", older than " + age.toHours() + " h: sweeping it");
            }
        }
        if (old.isEmpty()) {
            out.println("[sweep] janitor: no run with prefix " + selection.prefix().orElseThrow() + " is older than "
                    + age.toHours() + " h");
        }
        return old::contains;
    }

    /** The janitor's choice, a pure function: the run ids whose oldest known time is before {@code now - age}. */
    static Set<String> olderThan(Map<String, Instant> oldest, Set<String> seen, Instant now, Duration age) {
        Set<String> old = new LinkedHashSet<>();
        for (String run : seen) {
            Instant t = oldest.get(run);
            if (t != null && t.isBefore(now.minus(age))) {
                old.add(run);
            }
        }
        return old;
    }

    // ---------------------------------------------------------------- one pass

    private void onePass(Optional<String> stateBucket) {
        TaggedResources.Listing listing = TaggedResources.walk(aws, TAG, selected);
        reportDenied(listing);
        for (String error : listing.errors()) {
            if (!error.contains("listing denied")) {
                String service = error.contains(":") ? error.substring(0, error.indexOf(':')) : error;
                if (aws.target().isEmulator() && notImplemented(error)) {
                    if (notes.add(service)) {
                        out.println("[sweep] " + service + ": not implemented by the emulator, nothing to sweep (" + error + ")");
                    }
                } else {
                    failed.add("listing failed: " + error);
                }
            }
        }
        List<Found> items = listing.items().stream()
                .filter(f -> !Leftovers.TAG_ONLY.equals(f.state()))
                .toList();
        guarded("ecs", () -> ecs(items));
        guarded("elbv2", () -> loadBalancers(items));
        guarded("lambda", () -> lambdaAndSchedules(items));
        guarded("rds", () -> rds(items));
        guarded("cloudwatch", () -> alarms(items));
        guarded("logs", () -> of(items, "logs", "log-group").forEach(name ->
                delete("log group " + name, () -> aws.logs().deleteLogGroup(r -> r.logGroupName(name)))));
        guarded("sns", () -> of(items, "sns", "topic").forEach(arn ->
                delete("SNS topic " + arn, () -> aws.sns().deleteTopic(r -> r.topicArn(arn)))));
        guarded("sqs", () -> of(items, "sqs", "queue").forEach(url ->
                delete("SQS queue " + url, () -> aws.sqs().deleteQueue(r -> r.queueUrl(url)))));
        guarded("ec2", () -> network(items));
        guarded("iam", () -> iam(items));
        guarded("acm", () -> of(items, "acm", "certificate").forEach(arn ->
                delete("certificate " + arn, () -> aws.acm().deleteCertificate(r -> r.certificateArn(arn)))));
        guarded("kms", () -> keys(items));
        guarded("s3", () -> of(items, "s3", "bucket").forEach(name -> delete("S3 bucket " + name, () -> {
            emptyPrefix(name, "");
            aws.s3().deleteBucket(r -> r.bucket(name));
        })));
        guarded("ssm", () -> parameters(selected).keySet().forEach(name ->
                delete("SSM parameter " + name, () -> aws.ssm().deleteParameter(r -> r.name(name)))));
        stateBucket.ifPresent(b -> guarded("state", () -> stateObjects(b, selected).keySet().forEach(run ->
                delete("Terraform state s3://" + b + "/m300/" + run + "/", () -> emptyPrefix(b, "m300/" + run + "/")))));
    }

    private void reportDenied(TaggedResources.Listing listing) {
        for (String d : listing.denied()) {
            if (denied.add(d)) {
                out.println("[sweep] DENIED " + d + " (the role's policy lacks this listing: not retried; see docs/nightly.md)");
            }
        }
    }

    private static List<String> of(List<Found> items, String service, String type) {
        return items.stream().filter(f -> f.is(service, type)).map(Found::id).distinct().toList();
    }

    private static Map<String, Found> byId(List<Found> items, String service, String type) {
        Map<String, Found> m = new LinkedHashMap<>();
        items.stream().filter(f -> f.is(service, type)).forEach(f -> m.putIfAbsent(f.id(), f));
        return m;
    }

    // ---------------------------------------------------------------- workloads

    private void ecs(List<Found> items) {
        var ecs = aws.ecs();
        for (Found cluster : byId(items, "ecs", "cluster").values()) {
            if (!"ACTIVE".equals(cluster.state())) {
                continue;
            }
            String clusterArn = cluster.id();
            for (String serviceArn : ecs.listServicesPaginator(r -> r.cluster(clusterArn)).serviceArns()) {
                delete("ECS service " + serviceArn, () -> {
                    ecs.updateService(r -> r.cluster(clusterArn).service(serviceArn).desiredCount(0));
                    ecs.deleteService(r -> r.cluster(clusterArn).service(serviceArn).force(true));
                });
            }
            delete("ECS cluster " + clusterArn, () -> ecs.deleteCluster(r -> r.cluster(clusterArn)));
        }
        for (Found td : byId(items, "ecs", "task-definition").values()) {
            if ("ACTIVE".equals(td.state())) {
                delete("ECS task definition " + td.id(), () -> ecs.deregisterTaskDefinition(r -> r.taskDefinition(td.id())));
            }
        }
    }

    private void loadBalancers(List<Found> items) {
        var elb = aws.elbv2();
        of(items, "elbv2", "load-balancer").forEach(arn ->
                delete("load balancer " + arn, () -> elb.deleteLoadBalancer(r -> r.loadBalancerArn(arn))));
        of(items, "elbv2", "target-group").forEach(arn ->
                delete("target group " + arn, () -> elb.deleteTargetGroup(r -> r.targetGroupArn(arn))));
    }

    private void lambdaAndSchedules(List<Found> items) {
        of(items, "lambda", "function").forEach(name ->
                delete("Lambda function " + name, () -> aws.lambda().deleteFunction(r -> r.functionName(name))));
        var events = aws.events();
        of(items, "events", "rule").forEach(rule -> delete("EventBridge rule " + rule, () -> {
            List<String> ids = events.listTargetsByRule(r -> r.rule(rule)).targets().stream().map(t -> t.id()).toList();
            if (!ids.isEmpty()) {
                events.removeTargets(r -> r.rule(rule).ids(ids).force(true));
            }
            events.deleteRule(r -> r.name(rule).force(true));
        }));
    }

    private void rds(List<Found> items) {
        var rds = aws.rds();
        for (Found db : byId(items, "rds", "db-instance").values()) {
            if ("deleting".equals(db.state())) {
                pending.add("RDS instance " + db.id() + " (deleting)");
                continue;
            }
            delete("RDS instance " + db.id(), () -> {
                try {
                    rds.deleteDBInstance(r -> r.dbInstanceIdentifier(db.id()).skipFinalSnapshot(true).deleteAutomatedBackups(true));
                } catch (software.amazon.awssdk.services.rds.model.RdsException e) {
                    if (!String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("deletion protection")) {
                        throw e;
                    }
                    rds.modifyDBInstance(r -> r.dbInstanceIdentifier(db.id()).deletionProtection(false).applyImmediately(true));
                    rds.deleteDBInstance(r -> r.dbInstanceIdentifier(db.id()).skipFinalSnapshot(true).deleteAutomatedBackups(true));
                }
            });
            if (!dryRun) {
                pending.add("RDS instance " + db.id() + " (deleting)");
            }
        }
        of(items, "rds", "db-snapshot").forEach(id ->
                delete("RDS snapshot " + id, () -> rds.deleteDBSnapshot(r -> r.dbSnapshotIdentifier(id))));
        of(items, "rds", "db-subnet-group").forEach(name ->
                delete("DB subnet group " + name, () -> rds.deleteDBSubnetGroup(r -> r.dbSubnetGroupName(name))));
    }

    private void alarms(List<Found> items) {
        List<String> names = of(items, "cloudwatch", "alarm");
        for (int i = 0; i < names.size(); i += 100) {
            List<String> chunk = names.subList(i, Math.min(names.size(), i + 100));
            delete("alarm(s) " + String.join(", ", chunk), () -> aws.cloudWatchQuery().deleteAlarms(chunk));
        }
    }

    // ---------------------------------------------------------------- network, outside in

    private void network(List<Found> items) {
        var ec2 = aws.ec2();
        for (String id : of(items, "ec2", "network-insights-analysis")) {
            delete("network insights analysis " + id, () -> ec2.deleteNetworkInsightsAnalysis(r -> r.networkInsightsAnalysisId(id)));
        }
        for (String id : of(items, "ec2", "network-insights-path")) {
            delete("network insights path " + id, () -> ec2.deleteNetworkInsightsPath(r -> r.networkInsightsPathId(id)));
        }
        List<String> nats = of(items, "ec2", "natgateway");
        if (!nats.isEmpty()) {
            for (var nat : ec2.describeNatGatewaysPaginator(r -> r.filter(f("nat-gateway-id", nats))).natGateways()) {
                String state = nat.stateAsString();
                if ("deleted".equals(state)) {
                    continue;
                }
                if (!"deleting".equals(state)) {
                    delete("NAT gateway " + nat.natGatewayId(), () -> ec2.deleteNatGateway(r -> r.natGatewayId(nat.natGatewayId())));
                }
                if (!dryRun) {
                    pending.add("NAT gateway " + nat.natGatewayId() + " (deleting)");
                }
            }
        }
        List<String> eips = of(items, "ec2", "elastic-ip");
        if (!eips.isEmpty()) {
            for (var address : ec2.describeAddresses(r -> r.filters(f("allocation-id", eips))).addresses()) {
                delete("Elastic IP " + address.allocationId(), () -> {
                    if (address.associationId() != null) {
                        ec2.disassociateAddress(r -> r.associationId(address.associationId()));
                    }
                    ec2.releaseAddress(r -> r.allocationId(address.allocationId()));
                });
            }
        }
        List<String> flowLogs = of(items, "ec2", "vpc-flow-log");
        if (!flowLogs.isEmpty()) {
            delete("flow log(s) " + flowLogs, () -> ec2.deleteFlowLogs(r -> r.flowLogIds(flowLogs)));
        }
        for (String id : of(items, "ec2", "vpc-endpoint")) {
            delete("VPC endpoint " + id, () -> ec2.deleteVpcEndpoints(r -> r.vpcEndpointIds(id)));
        }
        List<String> vpcIds = of(items, "ec2", "vpc");
        // Security groups: tagged, or in a tagged VPC. Rules first, so that groups that reference
        // each other can then be deleted in any order.
        Map<String, SecurityGroup> groups = new LinkedHashMap<>();
        List<String> taggedGroups = of(items, "ec2", "security-group");
        if (!taggedGroups.isEmpty()) {
            ec2.describeSecurityGroupsPaginator(r -> r.filters(f("group-id", taggedGroups))).securityGroups()
                    .forEach(g -> groups.put(g.groupId(), g));
        }
        if (!vpcIds.isEmpty()) {
            ec2.describeSecurityGroupsPaginator(r -> r.filters(f("vpc-id", vpcIds))).securityGroups()
                    .forEach(g -> groups.put(g.groupId(), g));
        }
        for (SecurityGroup g : groups.values()) {
            if (!g.ipPermissions().isEmpty()) {
                delete("ingress rules of " + g.groupId(), () -> ec2.revokeSecurityGroupIngress(r -> r.groupId(g.groupId())
                        .ipPermissions(withoutNulls(g.ipPermissions()))));
            }
            if (!g.ipPermissionsEgress().isEmpty() && !"default".equals(g.groupName())) {
                delete("egress rules of " + g.groupId(), () -> ec2.revokeSecurityGroupEgress(r -> r.groupId(g.groupId())
                        .ipPermissions(withoutNulls(g.ipPermissionsEgress()))));
            }
        }
        for (SecurityGroup g : groups.values()) {
            if (!"default".equals(g.groupName())) {
                delete("security group " + g.groupId() + " (" + g.groupName() + ")", () -> ec2.deleteSecurityGroup(r -> r.groupId(g.groupId())));
            }
        }
        List<String> enis = of(items, "ec2", "network-interface");
        if (!enis.isEmpty()) {
            for (var ni : ec2.describeNetworkInterfacesPaginator(r -> r.filters(f("network-interface-id", enis))).networkInterfaces()) {
                if ("available".equals(ni.statusAsString())) {
                    delete("network interface " + ni.networkInterfaceId(),
                            () -> ec2.deleteNetworkInterface(r -> r.networkInterfaceId(ni.networkInterfaceId())));
                }
            }
        }
        Set<String> subnets = new LinkedHashSet<>(of(items, "ec2", "subnet"));
        if (!vpcIds.isEmpty()) {
            ec2.describeSubnetsPaginator(r -> r.filters(f("vpc-id", vpcIds))).subnets().forEach(s -> subnets.add(s.subnetId()));
        }
        for (String subnet : subnets) {
            delete("subnet " + subnet, () -> ec2.deleteSubnet(r -> r.subnetId(subnet)));
        }
        Map<String, software.amazon.awssdk.services.ec2.model.RouteTable> tables = new LinkedHashMap<>();
        List<String> taggedTables = of(items, "ec2", "route-table");
        if (!taggedTables.isEmpty()) {
            ec2.describeRouteTablesPaginator(r -> r.filters(f("route-table-id", taggedTables))).routeTables()
                    .forEach(t -> tables.put(t.routeTableId(), t));
        }
        if (!vpcIds.isEmpty()) {
            ec2.describeRouteTablesPaginator(r -> r.filters(f("vpc-id", vpcIds))).routeTables().forEach(t -> tables.put(t.routeTableId(), t));
        }
        for (var table : tables.values()) {
            if (table.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main()))) {
                continue; // the main route table goes with its VPC
            }
            delete("route table " + table.routeTableId(), () -> {
                for (var a : table.associations()) {
                    ec2.disassociateRouteTable(r -> r.associationId(a.routeTableAssociationId()));
                }
                ec2.deleteRouteTable(r -> r.routeTableId(table.routeTableId()));
            });
        }
        Map<String, software.amazon.awssdk.services.ec2.model.InternetGateway> igws = new LinkedHashMap<>();
        List<String> taggedIgws = of(items, "ec2", "internet-gateway");
        if (!taggedIgws.isEmpty()) {
            ec2.describeInternetGatewaysPaginator(r -> r.filters(f("internet-gateway-id", taggedIgws))).internetGateways()
                    .forEach(g -> igws.put(g.internetGatewayId(), g));
        }
        if (!vpcIds.isEmpty()) {
            ec2.describeInternetGatewaysPaginator(r -> r.filters(f("attachment.vpc-id", vpcIds)))
                    .internetGateways().forEach(g -> igws.put(g.internetGatewayId(), g));
        }
        for (var igw : igws.values()) {
            delete("internet gateway " + igw.internetGatewayId(), () -> {
                for (var attachment : igw.attachments()) {
                    ec2.detachInternetGateway(r -> r.internetGatewayId(igw.internetGatewayId()).vpcId(attachment.vpcId()));
                }
                ec2.deleteInternetGateway(r -> r.internetGatewayId(igw.internetGatewayId()));
            });
        }
        for (String vpc : vpcIds) {
            delete("VPC " + vpc, () -> ec2.deleteVpc(r -> r.vpcId(vpc)));
        }
    }

    private static Filter f(String name, java.util.Collection<String> values) {
        return Filter.builder().name(name).values(values).build();
    }

    /** Rules as described, made fit to revoke: the SDK rejects empty lists mixed with group pairs. */
    private static List<IpPermission> withoutNulls(List<IpPermission> permissions) {
        return permissions.stream().map(p -> p.toBuilder()
                .userIdGroupPairs(p.userIdGroupPairs().stream().map(u -> u.toBuilder().groupName(null).build()).toList())
                .build()).toList();
    }

    // ---------------------------------------------------------------- identity, keys, data

    private void iam(List<Found> items) {
        var iam = aws.iam();
        for (String role : of(items, "iam", "role")) {
            delete("IAM role " + role, () -> {
                for (AttachedPolicy p : iam.listAttachedRolePoliciesPaginator(r -> r.roleName(role)).attachedPolicies()) {
                    iam.detachRolePolicy(r -> r.roleName(role).policyArn(p.policyArn()));
                }
                for (String inline : iam.listRolePoliciesPaginator(r -> r.roleName(role)).policyNames()) {
                    iam.deleteRolePolicy(r -> r.roleName(role).policyName(inline));
                }
                for (var profile : iam.listInstanceProfilesForRolePaginator(r -> r.roleName(role)).instanceProfiles()) {
                    iam.removeRoleFromInstanceProfile(r -> r.roleName(role).instanceProfileName(profile.instanceProfileName()));
                }
                iam.deleteRole(r -> r.roleName(role));
            });
        }
        for (String arn : of(items, "iam", "policy")) {
            delete("IAM policy " + arn, () -> {
                var entities = iam.listEntitiesForPolicy(r -> r.policyArn(arn));
                entities.policyRoles().forEach(x -> iam.detachRolePolicy(r -> r.roleName(x.roleName()).policyArn(arn)));
                for (var v : iam.listPolicyVersions(r -> r.policyArn(arn)).versions()) {
                    if (!Boolean.TRUE.equals(v.isDefaultVersion())) {
                        iam.deletePolicyVersion(r -> r.policyArn(arn).versionId(v.versionId()));
                    }
                }
                iam.deletePolicy(r -> r.policyArn(arn));
            });
        }
    }

    private void keys(List<Found> items) {
        var kms = aws.kms();
        for (Found key : byId(items, "kms", "key").values()) {
            if ("PendingDeletion".equals(key.state())) {
                continue;
            }
            delete("KMS key " + key.id() + " (scheduled for deletion in 7 days)", () -> {
                for (var alias : kms.listAliases(r -> r.keyId(key.id())).aliases()) {
                    kms.deleteAlias(r -> r.aliasName(alias.aliasName()));
                }
                kms.scheduleKeyDeletion(r -> r.keyId(key.id()).pendingWindowInDays(7));
            });
        }
    }

    /** The selected runs' SSM parameters ({@code /<run id>/...}, not tagged: a prerequisite) and when each was last written. */
    private Map<String, Instant> parameters(Predicate<String> runs) {
        Map<String, Instant> names = new LinkedHashMap<>();
        aws.ssm().describeParametersPaginator(r -> r.parameterFilters(ParameterStringFilter.builder()
                        .key("Name").option("BeginsWith").values("/" + selection.namePrefix()).build()))
                .stream().flatMap(page -> page.parameters().stream()).forEach(p -> {
                    String[] parts = p.name().split("/");
                    if (parts.length > 2 && runs.test(parts[1])) {
                        names.put(p.name(), p.lastModifiedDate() == null ? now : p.lastModifiedDate());
                    }
                });
        return names;
    }

    /** The selected runs that have state under {@code m300/<run id>/}, and the oldest time of their objects. */
    private Map<String, Instant> stateObjects(String bucket, Predicate<String> runs) {
        Map<String, Instant> found = new TreeMap<>();
        for (var page : aws.s3().listObjectVersionsPaginator(r -> r.bucket(bucket).prefix("m300/" + selection.namePrefix()))) {
            page.versions().forEach(v -> state(found, runs, v.key(), v.lastModified()));
            page.deleteMarkers().forEach(m -> state(found, runs, m.key(), m.lastModified()));
        }
        return found;
    }

    private static void state(Map<String, Instant> found, Predicate<String> runs, String key, Instant time) {
        String[] parts = key.split("/");
        if (parts.length > 2 && runs.test(parts[1])) {
            Instant t = time == null ? Instant.now() : time;
            found.merge(parts[1], t, (a, b) -> a.isBefore(b) ? a : b);
        }
    }

    private void emptyPrefix(String bucket, String prefix) {
        var s3 = aws.s3();
        List<ObjectIdentifier> ids = new ArrayList<>();
        for (var page : s3.listObjectVersionsPaginator(r -> r.bucket(bucket).prefix(prefix))) {
            page.versions().forEach(v -> ids.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
            page.deleteMarkers().forEach(m -> ids.add(ObjectIdentifier.builder().key(m.key()).versionId(m.versionId()).build()));
        }
        for (int i = 0; i < ids.size(); i += 1000) {
            List<ObjectIdentifier> chunk = ids.subList(i, Math.min(ids.size(), i + 1000));
            s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(chunk).quiet(true)));
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Runs one service's deletions; a denied call is reported at once and not retried, anything else fails the pass. */
    private void guarded(String name, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException e) {
            if (TaggedResources.isDenied(e)) {
                String line = name + ": " + TaggedResources.message(e);
                if (denied.add(line)) {
                    out.println("[sweep] DENIED " + line + " (not retried)");
                }
            } else if (aws.target().isEmulator() && notImplemented(TaggedResources.message(e))) {
                if (notes.add(name)) {
                    out.println("[sweep] " + name + ": not implemented by the emulator (" + TaggedResources.message(e) + "), nothing to sweep");
                }
            } else {
                failed.add(name + ": " + TaggedResources.message(e));
            }
        }
    }

    /** An emulator answers a call it does not implement with HTTP 500/501 (moto: Network Insights). Never tolerated on AWS. */
    private static boolean notImplemented(String message) {
        return message.contains("HTTP 500") || message.contains("HTTP 501") || message.contains("InternalFailure")
                || message.contains("NotImplemented") || message.contains("not yet implemented");
    }

    private void delete(String what, Runnable action) {
        if (dryRun) {
            if (done.add(what)) {
                deleted.add(what);
                out.println("[sweep] would delete " + what);
            }
            return;
        }
        try {
            action.run();
            if (done.add(what)) {
                deleted.add(what);
            }
            out.println("[sweep] deleted " + what);
        } catch (RuntimeException e) {
            if (TaggedResources.isDenied(e)) {
                String line = what + ": " + TaggedResources.message(e);
                if (denied.add(line)) {
                    out.println("[sweep] DENIED " + line + " (not retried)");
                }
                return;
            }
            failed.add(what + ": " + TaggedResources.message(e));
        }
    }

    /** Waits between whole passes (AWS finishes deleting what the last pass asked for). */
    private static void pause(Duration d) {
        org.awaitility.Awaitility.await().pollDelay(d).atMost(d.plusSeconds(5)).until(() -> true);
    }
}
