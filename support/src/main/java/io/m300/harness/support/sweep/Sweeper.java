package io.m300.harness.support.sweep;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.target.AwsTarget;
import io.m300.harness.support.target.Capabilities;
import io.m300.harness.support.target.TargetEnvironment;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Finds and deletes whatever still carries the tag {@code m300:run-id=<run id>} after a run: the
 * safety net of the nightly workflow when a run was cut short before its teardown, and a tool to
 * clean up a sandbox account by hand.
 *
 * <p>The Resource Groups Tagging API would find everything in one call, but its SDK module is not
 * served by the registry this project builds from; the sweeper lists per service instead, and
 * deletes in an order that respects dependencies: workloads (ECS, load balancers, Lambda, RDS)
 * first, then monitoring and messaging, then the network from the outside in (NAT gateways,
 * addresses, flow logs, security group rules, security groups, subnets, route tables, internet
 * gateways, VPCs), then IAM, certificates, keys (scheduled for deletion: KMS never deletes at
 * once), buckets, the run's SSM parameters ({@code /<run id>/...}, untagged prerequisites) and
 * its state in the state bucket. Deletions that wait for others (an RDS instance being deleted
 * still holds its subnets) are retried in further passes until nothing is left or the time
 * bound is reached.
 *
 * <p>Only exact matches of the tag value are touched: another run's resources are never deleted.
 *
 * <pre>
 * Sweeper --run-id n12345-1 [--region eu-central-1] [--target aws | --endpoint http://127.0.0.1:5000]
 *         [--state-bucket my-state-bucket] [--dry-run] [--max-wait 30m]
 * </pre>
 */
public final class Sweeper {

    public static final String TAG = "m300:run-id";
    private static final Pattern RUN_ID = Pattern.compile("[a-z](?!.*--)[a-z0-9-]{1,18}[a-z0-9]");

    /** What a sweep did: what it deleted (or, in a dry run, would delete) and what it could not. */
    public record Report(List<String> deleted, List<String> failed) {
        public boolean clean() {
            return failed.isEmpty();
        }
    }

    /** Command-line options. */
    public record Options(String runId, String region, Optional<URI> endpoint, Optional<String> stateBucket,
                          boolean dryRun, Duration maxWait) {

        static Options parse(String... args) {
            Map<String, String> values = new HashMap<>();
            boolean dryRun = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--dry-run" -> dryRun = true;
                    case "--run-id", "--region", "--target", "--endpoint", "--state-bucket", "--max-wait" -> {
                        if (i + 1 >= args.length) {
                            throw new HarnessException(a + " needs a value");
                        }
                        values.put(a, args[++i]);
                    }
                    default -> throw new HarnessException("unknown argument '" + a + "'. " + USAGE);
                }
            }
            String runId = values.get("--run-id");
            if (runId == null || !RUN_ID.matcher(runId).matches()) {
                throw new HarnessException("--run-id is required: 3-20 lowercase letters, digits and hyphens, "
                        + "starting with a letter (got '" + runId + "'). " + USAGE);
            }
            String target = values.getOrDefault("--target", values.containsKey("--endpoint") ? "endpoint" : "aws");
            Optional<URI> endpoint = Optional.ofNullable(values.get("--endpoint")).map(URI::create);
            if (target.equals("endpoint") && endpoint.isEmpty()) {
                throw new HarnessException("--target endpoint needs --endpoint <url>");
            }
            if (!target.equals("aws") && !target.equals("endpoint")) {
                throw new HarnessException("--target must be aws or endpoint (got '" + target + "')");
            }
            if (target.equals("aws") && endpoint.isPresent()) {
                throw new HarnessException("--target aws takes no --endpoint");
            }
            String maxWait = values.getOrDefault("--max-wait", "30m");
            Duration wait = maxWait.endsWith("m") ? Duration.ofMinutes(Long.parseLong(maxWait.replace("m", "")))
                    : Duration.ofSeconds(Long.parseLong(maxWait.replace("s", "")));
            return new Options(runId, values.getOrDefault("--region", "eu-central-1"), endpoint,
                    Optional.ofNullable(values.get("--state-bucket")).filter(b -> !b.isBlank()), dryRun, wait);
        }
    }

    static final String USAGE = "usage: Sweeper --run-id <id> [--region <region>] [--target aws | --endpoint <url>] "
            + "[--state-bucket <bucket>] [--dry-run] [--max-wait 30m]";

    private final AwsClients aws;
    private final String runId;
    private final PrintStream out;
    private final boolean dryRun;
    private final Duration maxWait;
    private final Duration passInterval;

    private final List<String> deleted = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();
    private final List<String> pending = new ArrayList<>();
    private final Set<String> done = new LinkedHashSet<>();
    private final Set<String> notes = new LinkedHashSet<>();

    public Sweeper(AwsClients aws, String runId, PrintStream out, boolean dryRun, Duration maxWait, Duration passInterval) {
        this.aws = aws;
        this.runId = runId;
        this.out = out;
        this.dryRun = dryRun;
        this.maxWait = maxWait;
        this.passInterval = passInterval;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (HarnessException e) {
            System.err.println("[sweep] " + e.getMessage());
            System.exit(2);
            return;
        }
        TargetEnvironment target = options.endpoint()
                .map(e -> emulatorAt(e, options.region()))
                .orElseGet(() -> new AwsTarget(options.region()).start());
        Report report;
        // On an emulator without retries: an unimplemented call answers 500, and retrying it only costs time.
        try (AwsClients aws = target.isEmulator() ? AwsClients.withoutRetries(target) : AwsClients.of(target)) {
            Sweeper sweeper = new Sweeper(aws, options.runId(), System.out, options.dryRun(), options.maxWait(),
                    Duration.ofSeconds(15));
            report = sweeper.sweep(options.stateBucket());
        }
        System.out.println("[sweep] " + (options.dryRun() ? "would delete " : "deleted ") + report.deleted().size()
                + " resource(s) tagged " + TAG + "=" + options.runId() + " on " + target.description()
                + (report.clean() ? "" : "; " + report.failed().size() + " could not be deleted:"));
        report.failed().forEach(f -> System.out.println("[sweep]   FAILED " + f));
        if (!report.clean()) {
            System.exit(1);
        }
    }

    /** An emulator at {@code endpoint} with the emulators' dummy credentials. */
    public static TargetEnvironment emulatorAt(URI endpoint, String region) {
        return new TargetEnvironment("endpoint", "emulator at " + endpoint, Optional.of(endpoint), region,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), Map.of(),
                Capabilities.all(), true);
    }

    /** Sweeps in passes until a pass leaves nothing failed or pending, or the time bound is reached. */
    public Report sweep(Optional<String> stateBucket) {
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
        return new Report(List.copyOf(deleted), List.copyOf(failed));
    }

    private void onePass(Optional<String> stateBucket) {
        phase("ecs", this::ecs);
        phase("elbv2", this::loadBalancers);
        phase("lambda", this::lambdaAndSchedules);
        phase("rds", this::rds);
        phase("cloudwatch", this::alarms);
        phase("logs", this::logGroups);
        phase("sns", this::topics);
        phase("sqs", this::queues);
        phase("ec2", this::network);
        phase("iam", this::iam);
        phase("acm", this::certificates);
        phase("kms", this::keys);
        phase("s3", this::buckets);
        phase("ssm", this::parameters);
        stateBucket.ifPresent(b -> phase("state", () -> state(b)));
    }

    // ---------------------------------------------------------------- workloads

    private void ecs() {
        var ecs = aws.ecs();
        for (String clusterArn : ecs.listClustersPaginator(r -> {}).clusterArns()) {
            var cluster = ecs.describeClusters(r -> r.clusters(clusterArn).include(ClusterField.TAGS)).clusters().get(0);
            if (!"ACTIVE".equals(cluster.status()) || !ours(tagMap(cluster.tags(), t -> t.key(), t -> t.value()))) {
                continue;
            }
            for (String serviceArn : ecs.listServicesPaginator(r -> r.cluster(clusterArn)).serviceArns()) {
                delete("ECS service " + serviceArn, () -> {
                    ecs.updateService(r -> r.cluster(clusterArn).service(serviceArn).desiredCount(0));
                    ecs.deleteService(r -> r.cluster(clusterArn).service(serviceArn).force(true));
                });
            }
            delete("ECS cluster " + clusterArn, () -> ecs.deleteCluster(r -> r.cluster(clusterArn)));
        }
        for (String td : ecs.listTaskDefinitionsPaginator(r -> r.status("ACTIVE")).taskDefinitionArns()) {
            var described = ecs.describeTaskDefinition(r -> r.taskDefinition(td).include(TaskDefinitionField.TAGS));
            if (ours(tagMap(described.tags(), t -> t.key(), t -> t.value()))) {
                delete("ECS task definition " + td, () -> ecs.deregisterTaskDefinition(r -> r.taskDefinition(td)));
            }
        }
    }

    private void loadBalancers() {
        var elb = aws.elbv2();
        List<String> lbs = elb.describeLoadBalancersPaginator(r -> {}).loadBalancers().stream()
                .map(lb -> lb.loadBalancerArn()).toList();
        for (String arn : taggedElb(lbs)) {
            delete("load balancer " + arn, () -> elb.deleteLoadBalancer(r -> r.loadBalancerArn(arn)));
        }
        List<String> tgs = elb.describeTargetGroupsPaginator(r -> {}).targetGroups().stream()
                .map(tg -> tg.targetGroupArn()).toList();
        for (String arn : taggedElb(tgs)) {
            delete("target group " + arn, () -> elb.deleteTargetGroup(r -> r.targetGroupArn(arn)));
        }
    }

    private List<String> taggedElb(List<String> arns) {
        List<String> ours = new ArrayList<>();
        for (int i = 0; i < arns.size(); i += 20) {
            List<String> chunk = arns.subList(i, Math.min(arns.size(), i + 20));
            aws.elbv2().describeTags(r -> r.resourceArns(chunk)).tagDescriptions().forEach(d -> {
                if (ours(tagMap(d.tags(), t -> t.key(), t -> t.value()))) {
                    ours.add(d.resourceArn());
                }
            });
        }
        return ours;
    }

    private void lambdaAndSchedules() {
        var lambda = aws.lambda();
        for (var fn : lambda.listFunctionsPaginator(r -> {}).functions()) {
            if (ours(lambda.listTags(r -> r.resource(fn.functionArn())).tags())) {
                delete("Lambda function " + fn.functionName(), () -> lambda.deleteFunction(r -> r.functionName(fn.functionName())));
            }
        }
        var events = aws.events();
        String token = null;
        do {
            String next = token;
            var page = events.listRules(r -> r.nextToken(next));
            for (var rule : page.rules()) {
                if (!ours(tagMap(events.listTagsForResource(r -> r.resourceARN(rule.arn())).tags(), t -> t.key(), t -> t.value()))) {
                    continue;
                }
                delete("EventBridge rule " + rule.name(), () -> {
                    List<String> ids = events.listTargetsByRule(r -> r.rule(rule.name()).eventBusName(rule.eventBusName()))
                            .targets().stream().map(t -> t.id()).toList();
                    if (!ids.isEmpty()) {
                        events.removeTargets(r -> r.rule(rule.name()).eventBusName(rule.eventBusName()).ids(ids).force(true));
                    }
                    events.deleteRule(r -> r.name(rule.name()).eventBusName(rule.eventBusName()).force(true));
                });
            }
            token = page.nextToken();
        } while (token != null);
    }

    private void rds() {
        var rds = aws.rds();
        for (var db : rds.describeDBInstancesPaginator(r -> {}).dbInstances()) {
            if (!ours(tagMap(db.tagList(), t -> t.key(), t -> t.value()))) {
                continue;
            }
            if ("deleting".equals(db.dbInstanceStatus())) {
                pending.add("RDS instance " + db.dbInstanceIdentifier() + " (deleting)");
                continue;
            }
            delete("RDS instance " + db.dbInstanceIdentifier(), () -> {
                if (Boolean.TRUE.equals(db.deletionProtection())) {
                    rds.modifyDBInstance(r -> r.dbInstanceIdentifier(db.dbInstanceIdentifier()).deletionProtection(false).applyImmediately(true));
                }
                rds.deleteDBInstance(r -> r.dbInstanceIdentifier(db.dbInstanceIdentifier()).skipFinalSnapshot(true)
                        .deleteAutomatedBackups(true));
            });
            if (!dryRun) {
                pending.add("RDS instance " + db.dbInstanceIdentifier() + " (deleting)");
            }
        }
        for (var snap : rds.describeDBSnapshotsPaginator(r -> r.snapshotType("manual")).dbSnapshots()) {
            if (ours(tagMap(snap.tagList(), t -> t.key(), t -> t.value()))) {
                delete("RDS snapshot " + snap.dbSnapshotIdentifier(),
                        () -> rds.deleteDBSnapshot(r -> r.dbSnapshotIdentifier(snap.dbSnapshotIdentifier())));
            }
        }
        for (var group : rds.describeDBSubnetGroupsPaginator(r -> {}).dbSubnetGroups()) {
            var tags = rds.listTagsForResource(r -> r.resourceName(group.dbSubnetGroupArn())).tagList();
            if (ours(tagMap(tags, t -> t.key(), t -> t.value()))) {
                delete("DB subnet group " + group.dbSubnetGroupName(),
                        () -> rds.deleteDBSubnetGroup(r -> r.dbSubnetGroupName(group.dbSubnetGroupName())));
            }
        }
    }

    // ---------------------------------------------------------------- monitoring and messaging

    private void alarms() {
        var cw = aws.cloudWatch();
        for (var alarm : cw.describeAlarmsPaginator(r -> {}).metricAlarms()) {
            var tags = cw.listTagsForResource(r -> r.resourceARN(alarm.alarmArn())).tags();
            if (ours(tagMap(tags, t -> t.key(), t -> t.value()))) {
                delete("alarm " + alarm.alarmName(), () -> cw.deleteAlarms(r -> r.alarmNames(alarm.alarmName())));
            }
        }
    }

    private void logGroups() {
        var logs = aws.logs();
        for (var group : logs.describeLogGroupsPaginator(r -> {}).logGroups()) {
            Map<String, String> tags;
            try {
                String arn = group.arn().endsWith(":*") ? group.arn().substring(0, group.arn().length() - 2) : group.arn();
                tags = logs.listTagsForResource(r -> r.resourceArn(arn)).tags();
            } catch (AwsServiceException e) {
                tags = logs.listTagsLogGroup(r -> r.logGroupName(group.logGroupName())).tags();
            }
            if (ours(tags)) {
                delete("log group " + group.logGroupName(), () -> logs.deleteLogGroup(r -> r.logGroupName(group.logGroupName())));
            }
        }
    }

    private void topics() {
        var sns = aws.sns();
        for (var topic : sns.listTopicsPaginator(r -> {}).topics()) {
            var tags = sns.listTagsForResource(r -> r.resourceArn(topic.topicArn())).tags();
            if (ours(tagMap(tags, t -> t.key(), t -> t.value()))) {
                delete("SNS topic " + topic.topicArn(), () -> sns.deleteTopic(r -> r.topicArn(topic.topicArn())));
            }
        }
    }

    private void queues() {
        var sqs = aws.sqs();
        for (String url : sqs.listQueuesPaginator(r -> {}).queueUrls()) {
            if (ours(sqs.listQueueTags(r -> r.queueUrl(url)).tags())) {
                delete("SQS queue " + url, () -> sqs.deleteQueue(r -> r.queueUrl(url)));
            }
        }
    }

    // ---------------------------------------------------------------- network, outside in

    private Filter tagFilter() {
        return Filter.builder().name("tag:" + TAG).values(runId).build();
    }

    private void network() {
        var ec2 = aws.ec2();
        phase("ec2 network insights", () -> {
            for (var a : ec2.describeNetworkInsightsAnalysesPaginator(r -> r.filters(tagFilter())).networkInsightsAnalyses()) {
                delete("network insights analysis " + a.networkInsightsAnalysisId(),
                        () -> ec2.deleteNetworkInsightsAnalysis(r -> r.networkInsightsAnalysisId(a.networkInsightsAnalysisId())));
            }
            for (var p : ec2.describeNetworkInsightsPathsPaginator(r -> r.filters(tagFilter())).networkInsightsPaths()) {
                delete("network insights path " + p.networkInsightsPathId(),
                        () -> ec2.deleteNetworkInsightsPath(r -> r.networkInsightsPathId(p.networkInsightsPathId())));
            }
        });
        for (var nat : ec2.describeNatGatewaysPaginator(r -> r.filter(tagFilter())).natGateways()) {
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
        for (var address : ec2.describeAddresses(r -> r.filters(tagFilter())).addresses()) {
            delete("Elastic IP " + address.publicIp() + " (" + address.allocationId() + ")", () -> {
                if (address.associationId() != null) {
                    ec2.disassociateAddress(r -> r.associationId(address.associationId()));
                }
                ec2.releaseAddress(r -> r.allocationId(address.allocationId()));
            });
        }
        for (var log : ec2.describeFlowLogsPaginator(r -> r.filter(tagFilter())).flowLogs()) {
            delete("flow log " + log.flowLogId(), () -> ec2.deleteFlowLogs(r -> r.flowLogIds(log.flowLogId())));
        }
        for (var endpoint : ec2.describeVpcEndpointsPaginator(r -> r.filters(tagFilter())).vpcEndpoints()) {
            delete("VPC endpoint " + endpoint.vpcEndpointId(), () -> ec2.deleteVpcEndpoints(r -> r.vpcEndpointIds(endpoint.vpcEndpointId())));
        }
        List<Vpc> vpcs = ec2.describeVpcsPaginator(r -> r.filters(tagFilter())).vpcs().stream().toList();
        List<String> vpcIds = vpcs.stream().map(Vpc::vpcId).toList();
        // Security groups: in a tagged VPC or tagged themselves. Rules first, so that groups that
        // reference each other can then be deleted in any order.
        Map<String, SecurityGroup> groups = new java.util.LinkedHashMap<>();
        ec2.describeSecurityGroupsPaginator(r -> r.filters(tagFilter())).securityGroups().forEach(g -> groups.put(g.groupId(), g));
        if (!vpcIds.isEmpty()) {
            ec2.describeSecurityGroupsPaginator(r -> r.filters(Filter.builder().name("vpc-id").values(vpcIds).build()))
                    .securityGroups().forEach(g -> groups.put(g.groupId(), g));
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
        for (var ni : ec2.describeNetworkInterfacesPaginator(r -> r.filters(tagFilter())).networkInterfaces()) {
            if ("available".equals(ni.statusAsString())) {
                delete("network interface " + ni.networkInterfaceId(), () -> ec2.deleteNetworkInterface(r -> r.networkInterfaceId(ni.networkInterfaceId())));
            }
        }
        Set<String> subnets = new LinkedHashSet<>();
        ec2.describeSubnetsPaginator(r -> r.filters(tagFilter())).subnets().forEach(s -> subnets.add(s.subnetId()));
        if (!vpcIds.isEmpty()) {
            ec2.describeSubnetsPaginator(r -> r.filters(Filter.builder().name("vpc-id").values(vpcIds).build()))
                    .subnets().forEach(s -> subnets.add(s.subnetId()));
        }
        for (String subnet : subnets) {
            delete("subnet " + subnet, () -> ec2.deleteSubnet(r -> r.subnetId(subnet)));
        }
        Map<String, software.amazon.awssdk.services.ec2.model.RouteTable> tables = new java.util.LinkedHashMap<>();
        ec2.describeRouteTablesPaginator(r -> r.filters(tagFilter())).routeTables().forEach(t -> tables.put(t.routeTableId(), t));
        if (!vpcIds.isEmpty()) {
            ec2.describeRouteTablesPaginator(r -> r.filters(Filter.builder().name("vpc-id").values(vpcIds).build()))
                    .routeTables().forEach(t -> tables.put(t.routeTableId(), t));
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
        Map<String, software.amazon.awssdk.services.ec2.model.InternetGateway> igws = new java.util.LinkedHashMap<>();
        ec2.describeInternetGatewaysPaginator(r -> r.filters(tagFilter())).internetGateways().forEach(g -> igws.put(g.internetGatewayId(), g));
        if (!vpcIds.isEmpty()) {
            ec2.describeInternetGatewaysPaginator(r -> r.filters(Filter.builder().name("attachment.vpc-id").values(vpcIds).build()))
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

    /** Rules as described, made fit to revoke: the SDK rejects empty lists mixed with group pairs. */
    private static List<IpPermission> withoutNulls(List<IpPermission> permissions) {
        return permissions.stream().map(p -> p.toBuilder()
                .userIdGroupPairs(p.userIdGroupPairs().stream().map(u -> u.toBuilder().groupName(null).build()).toList())
                .build()).toList();
    }

    // ---------------------------------------------------------------- identity, certificates, keys, data

    private void iam() {
        var iam = aws.iam();
        for (var role : iam.listRolesPaginator(r -> {}).roles()) {
            if (!role.path().startsWith("/aws-service-role/")
                    && ours(tagMap(iam.listRoleTags(r -> r.roleName(role.roleName())).tags(), t -> t.key(), t -> t.value()))) {
                delete("IAM role " + role.roleName(), () -> {
                    for (AttachedPolicy p : iam.listAttachedRolePoliciesPaginator(r -> r.roleName(role.roleName())).attachedPolicies()) {
                        iam.detachRolePolicy(r -> r.roleName(role.roleName()).policyArn(p.policyArn()));
                    }
                    for (String inline : iam.listRolePoliciesPaginator(r -> r.roleName(role.roleName())).policyNames()) {
                        iam.deleteRolePolicy(r -> r.roleName(role.roleName()).policyName(inline));
                    }
                    for (var profile : iam.listInstanceProfilesForRolePaginator(r -> r.roleName(role.roleName())).instanceProfiles()) {
                        iam.removeRoleFromInstanceProfile(r -> r.roleName(role.roleName()).instanceProfileName(profile.instanceProfileName()));
                    }
                    iam.deleteRole(r -> r.roleName(role.roleName()));
                });
            }
        }
        for (var policy : iam.listPoliciesPaginator(r -> r.scope(PolicyScopeType.LOCAL)).policies()) {
            if (!ours(tagMap(iam.listPolicyTags(r -> r.policyArn(policy.arn())).tags(), t -> t.key(), t -> t.value()))) {
                continue;
            }
            delete("IAM policy " + policy.arn(), () -> {
                var entities = iam.listEntitiesForPolicy(r -> r.policyArn(policy.arn()));
                entities.policyRoles().forEach(x -> iam.detachRolePolicy(r -> r.roleName(x.roleName()).policyArn(policy.arn())));
                entities.policyUsers().forEach(x -> iam.detachUserPolicy(r -> r.userName(x.userName()).policyArn(policy.arn())));
                entities.policyGroups().forEach(x -> iam.detachGroupPolicy(r -> r.groupName(x.groupName()).policyArn(policy.arn())));
                for (var v : iam.listPolicyVersions(r -> r.policyArn(policy.arn())).versions()) {
                    if (!Boolean.TRUE.equals(v.isDefaultVersion())) {
                        iam.deletePolicyVersion(r -> r.policyArn(policy.arn()).versionId(v.versionId()));
                    }
                }
                iam.deletePolicy(r -> r.policyArn(policy.arn()));
            });
        }
    }

    private void certificates() {
        var acm = aws.acm();
        for (var cert : acm.listCertificatesPaginator(r -> {}).certificateSummaryList()) {
            var tags = acm.listTagsForCertificate(r -> r.certificateArn(cert.certificateArn())).tags();
            if (ours(tagMap(tags, t -> t.key(), t -> t.value()))) {
                delete("certificate " + cert.certificateArn(), () -> acm.deleteCertificate(r -> r.certificateArn(cert.certificateArn())));
            }
        }
    }

    private void keys() {
        var kms = aws.kms();
        for (var key : kms.listKeysPaginator(r -> {}).keys()) {
            var meta = kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata();
            if (!"CUSTOMER".equals(meta.keyManagerAsString()) || meta.keyState() == KeyState.PENDING_DELETION) {
                continue;
            }
            var tags = kms.listResourceTags(r -> r.keyId(key.keyId())).tags();
            if (!ours(tagMap(tags, t -> t.tagKey(), t -> t.tagValue()))) {
                continue;
            }
            delete("KMS key " + key.keyId() + " (scheduled for deletion in 7 days)", () -> {
                for (var alias : kms.listAliases(r -> r.keyId(key.keyId())).aliases()) {
                    kms.deleteAlias(r -> r.aliasName(alias.aliasName()));
                }
                kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
            });
        }
    }

    private void buckets() {
        var s3 = aws.s3();
        for (var bucket : s3.listBuckets().buckets()) {
            Map<String, String> tags;
            try {
                tags = tagMap(s3.getBucketTagging(r -> r.bucket(bucket.name())).tagSet(), t -> t.key(), t -> t.value());
            } catch (NoSuchBucketException e) {
                continue;
            } catch (S3Exception e) {
                continue; // NoSuchTagSet, or a bucket in another region / not ours to read
            }
            if (ours(tags)) {
                delete("S3 bucket " + bucket.name(), () -> {
                    emptyPrefix(bucket.name(), "");
                    s3.deleteBucket(r -> r.bucket(bucket.name()));
                });
            }
        }
    }

    private void parameters() {
        var ssm = aws.ssm();
        List<String> names = ssm.getParametersByPathPaginator(r -> r.path("/" + runId + "/").recursive(true).withDecryption(false))
                .stream().flatMap(page -> page.parameters().stream()).map(p -> p.name()).toList();
        for (String name : names) {
            delete("SSM parameter " + name, () -> ssm.deleteParameter(r -> r.name(name)));
        }
    }

    private void state(String bucket) {
        String prefix = "m300/" + runId + "/";
        boolean any = !aws.s3().listObjectVersions(r -> r.bucket(bucket).prefix(prefix).maxKeys(1)).versions().isEmpty();
        if (any) {
            delete("Terraform state s3://" + bucket + "/" + prefix, () -> emptyPrefix(bucket, prefix));
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

    boolean ours(Map<String, String> tags) {
        return tags != null && runId.equals(tags.get(TAG));
    }

    static <T> Map<String, String> tagMap(List<T> tags, Function<T, String> key, Function<T, String> value) {
        Map<String, String> map = new HashMap<>();
        if (tags != null) {
            for (T t : tags) {
                map.put(key.apply(t), value.apply(t));
            }
        }
        return map;
    }

    private void phase(String name, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException e) {
            if (aws.target().isEmulator() && notImplemented(e)) {
                // An emulator answers a call it does not implement with HTTP 500 (moto: Network
                // Insights): it cannot hold such resources either. Never tolerated on AWS.
                if (notes.add(name)) {
                    out.println("[sweep] " + name + ": not implemented by the emulator (" + message(e) + "), nothing to sweep");
                }
                return;
            }
            failed.add(name + ": listing failed: " + message(e));
        }
    }

    private static boolean notImplemented(RuntimeException e) {
        // 500/501, or a 404 without an AWS error code: the emulator has no handler for the call
        // (moto 5.2 answers CloudWatch's newer wire protocol with a bare 404).
        if (!(e instanceof software.amazon.awssdk.core.exception.SdkServiceException s)) {
            return false;
        }
        boolean noErrorCode = !(e instanceof AwsServiceException a) || a.awsErrorDetails() == null
                || a.awsErrorDetails().errorCode() == null;
        return s.statusCode() == 500 || s.statusCode() == 501 || (s.statusCode() == 404 && noErrorCode);
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
            failed.add(what + ": " + message(e));
        }
    }

    private static String message(RuntimeException e) {
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null && a.awsErrorDetails().errorCode() != null) {
            return a.awsErrorDetails().errorCode() + ": " + a.awsErrorDetails().errorMessage();
        }
        if (e instanceof software.amazon.awssdk.core.exception.SdkServiceException s) {
            return "HTTP " + s.statusCode() + " " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** Waits between whole passes (AWS finishes deleting what the last pass asked for). */
    private static void pause(Duration d) {
        org.awaitility.Awaitility.await().pollDelay(d).atMost(d.plusSeconds(5)).until(() -> true);
    }
}
