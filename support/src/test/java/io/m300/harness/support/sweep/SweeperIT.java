package io.m300.harness.support.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.stack.SelfSignedCertificate;
import io.m300.harness.support.stack.TaggedResources;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The sweeper against a real emulator: a moto_server this test starts on a free port. Leftovers
 * of two runs are created, tagged {@code m300:run-id}; sweeping one run must leave nothing of it
 * and everything of the other.
 */
class SweeperIT {

    /** Attempt 1 and attempt 2 of one workflow run: run ids that share the prefix {@link #PREFIX}. */
    private static final String RUN = "sweep-it-a1";

    private static final String RETRY = "sweep-it-a2";
    private static final String PREFIX = "sweep-it-a";
    private static final String OTHER = "sweep-it-b1";
    private static final String REGION = "eu-central-1";

    private static Process moto;
    private static AwsClients aws;
    private static Path log;

    @BeforeAll
    static void startMoto() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        log = Files.createTempFile("sweeper-it-moto", ".log");
        moto = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        await("moto_server on " + endpoint)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> {
                    assertThat(moto.isAlive())
                            .as("moto_server running (log %s)", log)
                            .isTrue();
                    HttpURLConnection c = (HttpURLConnection)
                            endpoint.resolve("/moto-api/").toURL().openConnection();
                    c.setConnectTimeout(1000);
                    return c.getResponseCode() == 200;
                });
        // The sweeper gets what it gets in use on an emulator (no retries, 15 s a call); the leftovers are
        // made with retries and the 120 s bound, because moto loads each service on its first call, which
        // on a loaded machine (CI runs five parts at once) can take longer than 15 s.
        aws = AwsClients.withoutRetries(Sweeper.emulatorAt(endpoint, REGION));
        try (AwsClients setup = AwsClients.of(Sweeper.emulatorAt(endpoint, REGION))) {
            leaveLeftovers(setup, RUN);
            leaveLeftovers(setup, RETRY);
            leaveLeftovers(setup, OTHER);
        }
    }

    @AfterAll
    static void stopMoto() {
        if (aws != null) {
            aws.close();
        }
        if (moto != null) {
            moto.destroy();
            try {
                if (!moto.waitFor(10, TimeUnit.SECONDS)) {
                    moto.destroyForcibly();
                }
            } catch (InterruptedException e) {
                moto.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What a run cut short leaves: a network with cross-referencing groups, logs, messaging, a bucket, a role, a parameter. */
    private static void leaveLeftovers(AwsClients aws, String run) {
        var ec2 = aws.ec2();
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16").tagSpecifications(tags(ResourceType.VPC, run)))
                .vpc()
                .vpcId();
        String subnet = ec2.createSubnet(
                        r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24").tagSpecifications(tags(ResourceType.SUBNET, run)))
                .subnet()
                .subnetId();
        String igw = ec2.createInternetGateway(r -> r.tagSpecifications(tags(ResourceType.INTERNET_GATEWAY, run)))
                .internetGateway()
                .internetGatewayId();
        ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
        String rtb = ec2.createRouteTable(r -> r.vpcId(vpc).tagSpecifications(tags(ResourceType.ROUTE_TABLE, run)))
                .routeTable()
                .routeTableId();
        ec2.createRoute(
                r -> r.routeTableId(rtb).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
        ec2.associateRouteTable(r -> r.routeTableId(rtb).subnetId(subnet));
        String app = ec2.createSecurityGroup(r -> r.vpcId(vpc)
                        .groupName(run + "-app")
                        .description("app")
                        .tagSpecifications(tags(ResourceType.SECURITY_GROUP, run)))
                .groupId();
        String db = ec2.createSecurityGroup(r -> r.vpcId(vpc)
                        .groupName(run + "-db")
                        .description("db")
                        .tagSpecifications(tags(ResourceType.SECURITY_GROUP, run)))
                .groupId();
        // The groups reference each other: neither can go before the rules do.
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(db)
                .ipPermissions(
                        p -> p.ipProtocol("tcp").fromPort(3306).toPort(3306).userIdGroupPairs(u -> u.groupId(app))));
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(app)
                .ipPermissions(p -> p.ipProtocol("tcp").fromPort(80).toPort(80).userIdGroupPairs(u -> u.groupId(db))));

        aws.logs().createLogGroup(r -> r.logGroupName("/m300/" + run + "/app").tags(Map.of(Sweeper.TAG, run)));
        aws.cloudWatchQuery().putMetricAlarm(run + "-cpu", "AWS/ECS", "CPUUtilization", 80, Map.of(Sweeper.TAG, run));
        aws.sns()
                .createTopic(r ->
                        r.name(run + "-alerts").tags(t -> t.key(Sweeper.TAG).value(run)));
        aws.sqs().createQueue(r -> r.queueName(run + "-probe").tags(Map.of(Sweeper.TAG, run)));
        String bucket = run + "-artifacts";
        aws.s3().createBucket(r -> r.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint(REGION)));
        aws.s3().putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        aws.s3()
                .putBucketTagging(r -> r.bucket(bucket)
                        .tagging(t -> t.tagSet(s -> s.key(Sweeper.TAG).value(run))));
        aws.s3().putObject(r -> r.bucket(bucket).key("a.txt"), RequestBody.fromString("one"));
        aws.s3().putObject(r -> r.bucket(bucket).key("a.txt"), RequestBody.fromString("two"));
        aws.iam()
                .createRole(r -> r.roleName(run + "-task")
                        .assumeRolePolicyDocument(
                                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}")
                        .tags(t -> t.key(Sweeper.TAG).value(run)));
        aws.iam()
                .putRolePolicy(
                        r -> r.roleName(run + "-task")
                                .policyName("logs")
                                .policyDocument(
                                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"logs:PutLogEvents\",\"Resource\":\"*\"}]}"));
        aws.ssm()
                .putParameter(r -> r.name("/" + run + "/db/password")
                        .type(ParameterType.SECURE_STRING)
                        .value("not-a-real-one"));
        SelfSignedCertificate cert = SelfSignedCertificate.generate(run + ".m300.test");
        aws.acm()
                .importCertificate(r -> r.certificate(SdkBytes.fromUtf8String(cert.certificatePem()))
                        .privateKey(SdkBytes.fromUtf8String(cert.privateKeyPem()))
                        .tags(t -> t.key(Sweeper.TAG).value(run)));
    }

    private static TagSpecification tags(ResourceType type, String run) {
        return TagSpecification.builder()
                .resourceType(type)
                .tags(Tag.builder().key(Sweeper.TAG).value(run).build())
                .build();
    }

    private static Filter tagged(String run) {
        return Filter.builder().name("tag:" + Sweeper.TAG).values(run).build();
    }

    @Test
    void sweepsEveryAttemptOfTheRunAndNothingOfAnother() {
        // the teardown check's listing finds the run's resources of every kind, the certificate and the alarm included
        TaggedResources.Listing before = TaggedResources.find(aws, Sweeper.TAG, RUN);
        assertThat(before.errors()).isEmpty();
        assertThat(before.found())
                .extracting(r -> r.service() + " " + r.type())
                .contains(
                        "acm certificate",
                        "iam role",
                        "logs log-group",
                        "sns topic",
                        "sqs queue",
                        "ec2 vpc",
                        "cloudwatch alarm",
                        "s3 bucket");
        assertThat(before.items()).allMatch(f -> f.runId().equals(RUN));

        // a dry run lists but deletes nothing
        ByteArrayOutputStream dryOut = new ByteArrayOutputStream();
        Sweeper.Report dry = sweeper(Sweeper.Selection.prefixed(PREFIX), dryOut, true, Duration.ofSeconds(30))
                .sweep(Optional.empty());
        assertThat(dry.deleted()).isNotEmpty();
        assertThat(remaining(RUN)).as("a dry run deletes nothing").doesNotContainValue(0L);

        // the cleanup job of attempt 2 sweeps by the workflow run's prefix: attempt 1's leftovers go too
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Sweeper.Report report = sweeper(Sweeper.Selection.prefixed(PREFIX), out, false, Duration.ofSeconds(60))
                .sweep(Optional.empty());
        String printed = out.toString(StandardCharsets.UTF_8);

        assertThat(report.failed()).as("failures; output:%n%s", printed).isEmpty();
        assertThat(report.denied()).as("denied listings; output:%n%s", printed).isEmpty();
        for (String run : List.of(RUN, RETRY)) {
            assertThat(report.deleted())
                    .anyMatch(d -> d.startsWith("VPC "))
                    .anyMatch(d -> d.startsWith("subnet "))
                    .anyMatch(d -> d.startsWith("security group "))
                    .anyMatch(d -> d.startsWith("internet gateway "))
                    .anyMatch(d -> d.startsWith("route table "))
                    .anyMatch(d -> d.equals("log group /m300/" + run + "/app"))
                    .anyMatch(d -> d.startsWith("alarm(s) ") && d.contains(run + "-cpu"))
                    .anyMatch(d -> d.startsWith("SNS topic ") && d.endsWith(run + "-alerts"))
                    .anyMatch(d -> d.startsWith("SQS queue ") && d.endsWith(run + "-probe"))
                    .anyMatch(d -> d.equals("S3 bucket " + run + "-artifacts"))
                    .anyMatch(d -> d.equals("IAM role " + run + "-task"))
                    .anyMatch(d -> d.equals("SSM parameter /" + run + "/db/password"))
                    .anyMatch(d -> d.startsWith("certificate "));
            assertThat(remaining(run))
                    .as("what is left of run %s", run)
                    .allSatisfy((what, count) -> assertThat(count).as(what).isZero());
            assertThat(TaggedResources.find(aws, Sweeper.TAG, run).found())
                    .as("tagged resources of run %s after the sweep", run)
                    .noneMatch(r -> r.service().equals("acm")
                            || r.service().equals("iam")
                            || r.service().equals("logs")
                            || r.service().equals("cloudwatch")
                            || r.service().equals("sqs"));
        }
        assertThat(printed).contains("[sweep] deleted VPC ");
        assertThat(remaining(OTHER))
                .as("run %s must be untouched", OTHER)
                .allSatisfy((what, count) -> assertThat(count).as(what).isPositive());
    }

    /**
     * The record of a failed night is never lost: a pass that still finds something of the run
     * keeps its state and password parameter; the next pass, which finds nothing else, deletes both.
     */
    @Test
    void keepsTheStateAndThePasswordWhileAnythingElseOfTheRunIsFound() {
        String run = "sweep-it-c1";
        String bucket = "sweep-it-state";
        try (AwsClients setup = AwsClients.of(aws.target())) {
            setup.s3().createBucket(r -> r.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint(REGION)));
            setup.s3().putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
            setup.s3()
                    .putObject(
                            r -> r.bucket(bucket).key("m300/" + run + "/terraform.tfstate"),
                            RequestBody.fromString("{}"));
            setup.ssm()
                    .putParameter(r -> r.name("/" + run + "/db/password")
                            .type(ParameterType.SECURE_STRING)
                            .value("not-a-real-one"));
            setup.sns()
                    .createTopic(r ->
                            r.name(run + "-alerts").tags(t -> t.key(Sweeper.TAG).value(run)));
        }
        // one pass only (no time for a second): it deletes the topic, and keeps the record because it found the topic
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Sweeper.Report first = sweeper(Sweeper.Selection.exactly(run), out, false, Duration.ZERO)
                .sweep(Optional.of(bucket));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(first.deleted())
                .as("output:%n%s", printed)
                .anyMatch(d -> d.startsWith("SNS topic ") && d.endsWith(run + "-alerts"))
                .noneMatch(d -> d.startsWith("SSM parameter ") || d.startsWith("Terraform state "));
        assertThat(printed)
                .contains("kept the state and parameters of run " + run
                        + " (this pass still found resources of the run)");
        assertThat(records(run, bucket))
                .as("state objects and parameters of %s after a pass that found its topic", run)
                .isEqualTo(List.of(1, 1));

        // with --keep-state (the fallback destroy failed), a pass that finds nothing else keeps them too
        Sweeper.Report kept = sweeper(
                        Sweeper.Selection.exactly(run), new ByteArrayOutputStream(), false, Duration.ofSeconds(30))
                .keepingState(true)
                .sweep(Optional.of(bucket));
        assertThat(kept.clean()).isTrue();
        assertThat(records(run, bucket))
                .as("records of %s with --keep-state", run)
                .isEqualTo(List.of(1, 1));

        // the next pass finds nothing else of the run: both go
        Sweeper.Report second = sweeper(
                        Sweeper.Selection.exactly(run), new ByteArrayOutputStream(), false, Duration.ofSeconds(30))
                .sweep(Optional.of(bucket));
        assertThat(second.failed()).isEmpty();
        assertThat(second.deleted())
                .contains(
                        "SSM parameter /" + run + "/db/password",
                        "Terraform state s3://" + bucket + "/m300/" + run + "/");
        assertThat(records(run, bucket))
                .as("records of %s after a pass that found nothing else", run)
                .isEqualTo(List.of(0, 0));
    }

    /** A sweeper of {@code selection} that prints to {@code out}, a second between passes. */
    private static Sweeper sweeper(
            Sweeper.Selection selection, ByteArrayOutputStream out, boolean dryRun, Duration maxWait) {
        return new Sweeper(
                aws,
                selection,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                dryRun,
                maxWait,
                Duration.ofSeconds(1),
                Instant.now());
    }

    private static List<Integer> records(String run, String bucket) {
        int state = aws.s3()
                .listObjectVersions(r -> r.bucket(bucket).prefix("m300/" + run + "/"))
                .versions()
                .size();
        int parameters = aws.ssm()
                .getParametersByPath(r -> r.path("/" + run + "/").recursive(true))
                .parameters()
                .size();
        return List.of(state, parameters);
    }

    @Test
    void refusesABadRunId() {
        Assertions.assertThatThrownBy(() -> Sweeper.Options.parse("--run-id", "Bad_ID"))
                .hasMessageContaining("--run-id");
        Assertions.assertThatThrownBy(() -> Sweeper.Options.parse("--region", "eu-central-1"))
                .hasMessageContaining("--run-id is required");
        var o = Sweeper.Options.parse("--run-id", "n123-1", "--endpoint", "http://127.0.0.1:1", "--dry-run");
        assertThat(o.endpoint()).contains(URI.create("http://127.0.0.1:1"));
        assertThat(o.dryRun()).isTrue();
    }

    /** How many resources of each kind still carry the run's tag (or its names, where moto cannot filter by tag). */
    private static Map<String, Long> remaining(String run) {
        var ec2 = aws.ec2();
        Map<String, Long> left = new LinkedHashMap<>();
        left.put("VPCs", (long)
                ec2.describeVpcs(r -> r.filters(tagged(run))).vpcs().size());
        left.put("subnets", (long)
                ec2.describeSubnets(r -> r.filters(tagged(run))).subnets().size());
        left.put("security groups", (long) ec2.describeSecurityGroups(r -> r.filters(tagged(run)))
                .securityGroups()
                .size());
        left.put("internet gateways", (long) ec2.describeInternetGateways(r -> r.filters(tagged(run)))
                .internetGateways()
                .size());
        left.put("route tables", (long) ec2.describeRouteTables(r -> r.filters(tagged(run)))
                .routeTables()
                .size());
        left.put(
                "log groups",
                aws.logs().describeLogGroups(r -> r.logGroupNamePrefix("/m300/" + run + "/")).logGroups().stream()
                        .count());
        left.put(
                "topics",
                aws.sns().listTopics().topics().stream()
                        .filter(t -> t.topicArn().endsWith(":" + run + "-alerts"))
                        .count());
        left.put(
                "queues",
                aws.sqs().listQueues(r -> r.queueNamePrefix(run + "-")).queueUrls().stream()
                        .count());
        left.put(
                "buckets",
                aws.s3().listBuckets().buckets().stream()
                        .filter(b -> b.name().equals(run + "-artifacts"))
                        .count());
        left.put(
                "roles",
                aws.iam().listRoles().roles().stream()
                        .filter(r -> r.roleName().equals(run + "-task"))
                        .count());
        left.put("parameters", (long) aws.ssm()
                .getParametersByPath(r -> r.path("/" + run + "/").recursive(true))
                .parameters()
                .size());
        left.put(
                "alarms",
                aws.cloudWatchQuery().describeAlarms(List.of(run + "-cpu")).stream()
                        .count());
        left.put(
                "certificates",
                aws.acm().listCertificates().certificateSummaryList().stream()
                        .filter(c -> (run + ".m300.test").equals(c.domainName()))
                        .count());
        return left;
    }

    @SuppressWarnings("unused")
    private static List<String> logLines() throws IOException {
        return Files.readAllLines(log);
    }
}
