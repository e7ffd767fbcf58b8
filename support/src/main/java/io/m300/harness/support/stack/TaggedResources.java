package io.m300.harness.support.stack;

import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.aws.types.Kind;
import io.m300.harness.support.aws.types.Kinds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.acm.model.KeyAlgorithm;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;

/**
 * THE walker over a run's resources: lists, service by service and page by page, what carries the
 * run tag ({@code m300:run-id}) with a value the caller selects (one run id, every attempt of a
 * workflow run by prefix, or every nightly run for the janitor), for every resource type the stack
 * creates. The teardown check ({@code StateSteps}) and the {@code Sweeper} both use it, so what the
 * check calls a leftover is exactly what the sweeper deletes.
 *
 * <p>Not through the Resource Groups Tagging API: a tag listing alone does not show whether the
 * resource still exists, nor its state, which {@link Leftovers} needs to tell a leftover from what
 * AWS keeps for a while after a deletion.
 *
 * <p>A listing the caller is not allowed to make (HTTP 403, {@code AccessDenied},
 * {@code UnauthorizedOperation}, ...) is not an empty one: it ends that service's listing at once
 * and is reported in {@link Listing#denied()} (one line per service), and in
 * {@link Listing#errors()}. Service-linked roles ({@code /aws-service-role/}) are never the run's
 * and are not looked at. CloudWatch goes through {@link io.m300.harness.support.aws.CloudWatchQuery}
 * (the Query protocol, which moto speaks too).
 */
public final class TaggedResources {

    /**
     * The kinds this walker lists (for EC2: what {@code DescribeTags} reports; the others each by a
     * listing of their own below). {@code ResourceTypesTest} checks that every tagged kind of the
     * resource-type descriptions is among them.
     */
    public static final Set<Kind> LISTED = Set.of(
            Kinds.VPC,
            Kinds.SUBNET,
            Kinds.SECURITY_GROUP,
            Kinds.SECURITY_GROUP_RULE,
            Kinds.ROUTE_TABLE,
            Kinds.INTERNET_GATEWAY,
            Kinds.ELASTIC_IP,
            Kinds.NAT_GATEWAY,
            Kinds.PREFIX_LIST,
            Kinds.FLOW_LOG,
            Kinds.VPC_ENDPOINT,
            Kinds.NETWORK_INTERFACE,
            Kinds.INSIGHTS_PATH,
            Kinds.INSIGHTS_ANALYSIS,
            Kinds.DB_INSTANCE,
            Kinds.DB_CLUSTER,
            Kinds.DB_SNAPSHOT,
            Kinds.DB_SUBNET_GROUP,
            Kinds.ECS_CLUSTER,
            Kinds.TASK_DEFINITION,
            Kinds.LOAD_BALANCER,
            Kinds.TARGET_GROUP,
            Kinds.FUNCTION,
            Kinds.RULE,
            Kinds.LOG_GROUP,
            Kinds.ALARM,
            Kinds.TOPIC,
            Kinds.QUEUE,
            Kinds.ROLE,
            Kinds.POLICY,
            Kinds.USER,
            Kinds.KEY,
            Kinds.CERTIFICATE,
            Kinds.BUCKET);

    /** One resource that carries the tag. {@code id} is what deletes it (ARN, name or id); {@code created} if known. */
    public record Found(String service, String type, String id, String state, String runId, Optional<Instant> created) {
        public Leftovers.Resource resource() {
            return new Leftovers.Resource(service, type, id, state);
        }

        public boolean is(String service, String type) {
            return this.service.equals(service) && this.type.equals(type);
        }

        public boolean is(Kind kind) {
            return is(kind.service(), kind.name());
        }
    }

    /** What was found, which listings failed (a failed listing is not an empty one), which were denied, and what was searched. */
    public record Listing(
            List<Leftovers.Resource> found,
            List<String> errors,
            List<String> searched,
            List<Found> items,
            List<String> denied) {}

    /** Thrown inside a section to end it: the caller may not make this listing. */
    static final class Denied extends RuntimeException {
        Denied(String message) {
            super(message, null, false, false);
        }
    }

    private final AwsClients aws;
    private final String key;
    private final Predicate<String> runIds;
    private final List<Found> found = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> denied = new ArrayList<>();
    private final List<String> searched = new ArrayList<>();
    private final Set<String> seen = new LinkedHashSet<>();

    private TaggedResources(AwsClients aws, String key, Predicate<String> runIds) {
        this.aws = aws;
        this.key = key;
        this.runIds = runIds;
    }

    /** Everything tagged {@code key=value} exactly. */
    public static Listing find(AwsClients aws, String key, String value) {
        return walk(aws, key, value::equals);
    }

    /** Everything whose tag {@code key} has a value {@code runIds} accepts (e.g. a prefix: every attempt of a run). */
    public static Listing walk(AwsClients aws, String key, Predicate<String> runIds) {
        return walk(aws, key, runIds, service -> true);
    }

    /** The same, over the services {@code only} accepts (a test that looks at one listing). */
    static Listing walk(AwsClients aws, String key, Predicate<String> runIds, Predicate<String> only) {
        Map<String, Consumer<TaggedResources>> sections = new LinkedHashMap<>();
        sections.put("ec2", TaggedResources::ec2);
        sections.put("rds", TaggedResources::rds);
        sections.put("logs", TaggedResources::logs);
        sections.put("sns", TaggedResources::sns);
        sections.put("sqs", TaggedResources::sqs);
        sections.put("cloudwatch", TaggedResources::alarms);
        sections.put("lambda", TaggedResources::lambda);
        sections.put("events", TaggedResources::events);
        sections.put("ecs", TaggedResources::ecs);
        sections.put("elbv2", TaggedResources::elbv2);
        sections.put("kms", TaggedResources::kms);
        sections.put("iam", TaggedResources::iam);
        sections.put("acm", TaggedResources::acm);
        sections.put("s3", TaggedResources::buckets);
        sections.keySet().removeIf(only.negate());
        // each service on a thread of its own (a listing waits on the network), merged in this order
        ExecutorService pool = Executors.newFixedThreadPool(sections.size(), runnable -> {
            Thread t = new Thread(runnable, "m300-tagged");
            t.setDaemon(true);
            return t;
        });
        List<TaggedResources> walked;
        try {
            List<CompletableFuture<TaggedResources>> parts = sections.entrySet().stream()
                    .map(s -> CompletableFuture.supplyAsync(
                            () -> {
                                TaggedResources t = new TaggedResources(aws, key, runIds);
                                t.section(s.getKey(), () -> s.getValue().accept(t));
                                return t;
                            },
                            pool))
                    .toList();
            walked = parts.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
        List<Found> found = walked.stream().flatMap(t -> t.found.stream()).toList();
        return new Listing(
                found.stream().map(Found::resource).toList(),
                walked.stream().flatMap(t -> t.errors.stream()).toList(),
                walked.stream().flatMap(t -> t.searched.stream()).toList(),
                found,
                walked.stream().flatMap(t -> t.denied.stream()).toList());
    }

    /** True for an answer that says the caller may not make the call (not: the call failed). */
    public static boolean isDenied(Throwable e) {
        if (e instanceof AwsServiceException a
                && a.awsErrorDetails() != null
                && a.awsErrorDetails().errorCode() != null) {
            String code = a.awsErrorDetails().errorCode();
            if (code.contains("AccessDenied")
                    || code.equals("UnauthorizedOperation")
                    || code.equals("AuthorizationError")
                    || code.equals("AuthorizationErrorException")
                    || code.equals("UnauthorizedException")
                    || code.equals("AccessDeniedException")
                    || code.equals("Forbidden")) {
                return true;
            }
        }
        if (e instanceof SdkServiceException s && s.statusCode() == 403) {
            return true;
        }
        // CloudWatchQuery reports failures as HarnessException with the HTTP status in the message
        String m = String.valueOf(e.getMessage());
        return e instanceof io.m300.harness.support.HarnessException
                && (m.contains("HTTP 403") || m.contains("AccessDenied") || m.contains("not authorized"));
    }

    /** One line for a failure: the AWS error code and message, never a stack trace. */
    public static String message(Throwable e) {
        if (e instanceof AwsServiceException a
                && a.awsErrorDetails() != null
                && a.awsErrorDetails().errorCode() != null) {
            return a.awsErrorDetails().errorCode() + ": " + a.awsErrorDetails().errorMessage();
        }
        if (e instanceof SdkServiceException s) {
            return "HTTP " + s.statusCode() + " " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private void section(String service, Runnable listing) {
        searched.add(service);
        try {
            listing.run();
        } catch (Denied e) {
            denied.add(service + ": " + e.getMessage());
            errors.add(service + ": listing denied: " + e.getMessage());
        } catch (RuntimeException e) {
            if (isDenied(e)) {
                denied.add(service + ": " + message(e));
                errors.add(service + ": listing denied: " + message(e));
            } else {
                errors.add(service + ": " + message(e));
            }
        }
    }

    /** The run id the tags carry, if the caller selects it; a denied tag listing ends the section. */
    private Optional<String> ours(Supplier<Map<String, String>> tags, String what) {
        Map<String, String> map;
        try {
            map = tags.get();
        } catch (RuntimeException e) {
            if (isDenied(e)) {
                throw new Denied("tags of " + what + ": " + message(e));
            }
            errors.add("tags of " + what + ": " + message(e));
            return Optional.empty();
        }
        return match(map);
    }

    private Optional<String> match(Map<String, String> tags) {
        String v = tags == null ? null : tags.get(key);
        return v != null && runIds.test(v) ? Optional.of(v) : Optional.empty();
    }

    private void add(String service, String type, String id, String state, String runId, Instant created) {
        if (seen.add(service + " " + type + " " + id)) {
            found.add(new Found(service, type, id, state == null ? "" : state, runId, Optional.ofNullable(created)));
        }
    }

    static <T> Map<String, String> toMap(List<T> tags, Function<T, String> k, Function<T, String> v) {
        Map<String, String> m = new HashMap<>();
        if (tags != null) {
            tags.forEach(t -> m.put(k.apply(t), v.apply(t)));
        }
        return m;
    }

    // ---------------------------------------------------------------- EC2

    private void ec2() {
        aws.ec2()
                .describeTagsPaginator(
                        r -> r.filters(Filter.builder().name("key").values(key).build()))
                .tags()
                .forEach(t -> {
                    if (runIds.test(t.value())) {
                        add(
                                "ec2",
                                Ec2States.type(t.resourceTypeAsString(), t.resourceId()),
                                t.resourceId(),
                                Ec2States.of(aws, t.resourceId()),
                                t.value(),
                                null);
                    }
                });
    }

    // ---------------------------------------------------------------- workloads

    private void rds() {
        var rds = aws.rds();
        rds.describeDBInstancesPaginator(r -> {})
                .dbInstances()
                .forEach(db -> match(toMap(db.tagList(), t -> t.key(), t -> t.value()))
                        .ifPresent(run -> add(
                                "rds",
                                "db-instance",
                                db.dbInstanceIdentifier(),
                                db.dbInstanceStatus(),
                                run,
                                db.instanceCreateTime())));
        rds.describeDBClustersPaginator(r -> {})
                .dbClusters()
                .forEach(c -> match(toMap(c.tagList(), t -> t.key(), t -> t.value()))
                        .ifPresent(run -> add(
                                "rds", "db-cluster", c.dbClusterIdentifier(), c.status(), run, c.clusterCreateTime())));
        rds.describeDBSnapshotsPaginator(r -> r.snapshotType("manual"))
                .dbSnapshots()
                .forEach(s -> match(toMap(s.tagList(), t -> t.key(), t -> t.value()))
                        .ifPresent(run -> add(
                                "rds",
                                "db-snapshot",
                                s.dbSnapshotIdentifier(),
                                s.status(),
                                run,
                                s.snapshotCreateTime())));
        rds.describeDBSubnetGroupsPaginator(r -> {})
                .dbSubnetGroups()
                .forEach(g -> ours(
                                () -> toMap(
                                        rds.listTagsForResource(r -> r.resourceName(g.dbSubnetGroupArn()))
                                                .tagList(),
                                        t -> t.key(),
                                        t -> t.value()),
                                g.dbSubnetGroupName())
                        .ifPresent(run -> add(
                                "rds", "db-subnet-group", g.dbSubnetGroupName(), g.subnetGroupStatus(), run, null)));
    }

    private void ecs() {
        var ecs = aws.ecs();
        List<String> clusters = new ArrayList<>();
        ecs.listClustersPaginator(r -> {}).clusterArns().forEach(clusters::add);
        for (int i = 0; i < clusters.size(); i += 100) {
            List<String> chunk = clusters.subList(i, Math.min(clusters.size(), i + 100));
            ecs.describeClusters(r -> r.clusters(chunk).include(ClusterField.TAGS))
                    .clusters()
                    .forEach(c -> match(toMap(c.tags(), t -> t.key(), t -> t.value()))
                            .ifPresent(run -> add("ecs", "cluster", c.clusterArn(), c.status(), run, null)));
        }
        for (TaskDefinitionStatus status : List.of(TaskDefinitionStatus.ACTIVE, TaskDefinitionStatus.INACTIVE)) {
            for (String arn :
                    ecs.listTaskDefinitionsPaginator(r -> r.status(status)).taskDefinitionArns()) {
                var d = ecs.describeTaskDefinition(r -> r.taskDefinition(arn).include(TaskDefinitionField.TAGS));
                match(toMap(d.tags(), t -> t.key(), t -> t.value()))
                        .ifPresent(run -> add(
                                "ecs",
                                "task-definition",
                                arn,
                                d.taskDefinition().statusAsString(),
                                run,
                                d.taskDefinition().registeredAt()));
            }
        }
    }

    private void elbv2() {
        var elb = aws.elbv2();
        List<String> arns = new ArrayList<>();
        elb.describeLoadBalancersPaginator(r -> {}).loadBalancers().forEach(l -> arns.add(l.loadBalancerArn()));
        elb.describeTargetGroupsPaginator(r -> {}).targetGroups().forEach(t -> arns.add(t.targetGroupArn()));
        for (int i = 0; i < arns.size(); i += 20) {
            List<String> batch = arns.subList(i, Math.min(arns.size(), i + 20));
            elb.describeTags(r -> r.resourceArns(batch))
                    .tagDescriptions()
                    .forEach(d -> match(toMap(d.tags(), t -> t.key(), t -> t.value()))
                            .ifPresent(run -> add(
                                    "elbv2",
                                    d.resourceArn().contains(":targetgroup/") ? "target-group" : "load-balancer",
                                    d.resourceArn(),
                                    "",
                                    run,
                                    null)));
        }
    }

    private void lambda() {
        var lambda = aws.lambda();
        lambda.listFunctionsPaginator(r -> {})
                .functions()
                .forEach(f -> ours(
                                () -> lambda.listTags(r -> r.resource(f.functionArn()))
                                        .tags(),
                                f.functionName())
                        .ifPresent(run -> add("lambda", "function", f.functionName(), f.stateAsString(), run, null)));
    }

    private void events() {
        var events = aws.events();
        String token = null;
        do {
            String next = token;
            var page = events.listRules(r -> r.nextToken(next));
            page.rules()
                    .forEach(rule -> ours(
                                    () -> toMap(
                                            events.listTagsForResource(r -> r.resourceARN(rule.arn()))
                                                    .tags(),
                                            t -> t.key(),
                                            t -> t.value()),
                                    rule.name())
                            .ifPresent(run -> add("events", "rule", rule.name(), rule.stateAsString(), run, null)));
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
    }

    // ---------------------------------------------------------------- monitoring and messaging

    private void logs() {
        var logs = aws.logs();
        logs.describeLogGroupsPaginator(r -> {})
                .logGroups()
                .forEach(g -> ours(
                                () -> logs.listTagsLogGroup(r -> r.logGroupName(g.logGroupName()))
                                        .tags(),
                                g.logGroupName())
                        .or(() -> RunNames.containerInsights(g.logGroupName(), runIds))
                        .ifPresent(run -> add(
                                "logs",
                                "log-group",
                                g.logGroupName(),
                                "",
                                run,
                                g.creationTime() == null ? null : Instant.ofEpochMilli(g.creationTime()))));
    }

    private void sns() {
        var sns = aws.sns();
        sns.listTopicsPaginator(r -> {})
                .topics()
                .forEach(t -> ours(
                                () -> toMap(
                                        sns.listTagsForResource(r -> r.resourceArn(t.topicArn()))
                                                .tags(),
                                        x -> x.key(),
                                        x -> x.value()),
                                t.topicArn())
                        .ifPresent(run -> add("sns", "topic", t.topicArn(), "", run, null)));
    }

    private void sqs() {
        var sqs = aws.sqs();
        sqs.listQueuesPaginator(r -> {})
                .queueUrls()
                .forEach(url -> ours(
                                () -> sqs.listQueueTags(r -> r.queueUrl(url)).tags(), url)
                        .ifPresent(run -> add("sqs", "queue", url, "", run, null)));
    }

    private void alarms() {
        var cw = aws.cloudWatchQuery();
        for (MetricAlarm a : cw.describeAlarms(List.of())) {
            ours(() -> cw.listTagsForResource(a.alarmArn()), a.alarmName())
                    .ifPresent(run -> add("cloudwatch", "alarm", a.alarmName(), a.stateValueAsString(), run, null));
        }
    }

    // ---------------------------------------------------------------- identity, certificates, keys, data

    private void kms() {
        var kms = aws.kms();
        kms.listKeysPaginator(r -> {}).keys().forEach(k -> {
            var meta = kms.describeKey(r -> r.keyId(k.keyId())).keyMetadata();
            if (!"CUSTOMER".equals(meta.keyManagerAsString())) {
                return; // AWS-managed keys carry no tags of ours, and their tags may not be listed
            }
            ours(
                            () -> toMap(
                                    kms.listResourceTags(r -> r.keyId(k.keyId()))
                                            .tags(),
                                    t -> t.tagKey(),
                                    t -> t.tagValue()),
                            k.keyId())
                    .ifPresent(run -> add("kms", "key", k.keyId(), meta.keyStateAsString(), run, meta.creationDate()));
        });
    }

    private void iam() {
        var iam = aws.iam();
        iam.listRolesPaginator(r -> {}).roles().forEach(role -> {
            if (role.path() != null && role.path().startsWith("/aws-service-role/")) {
                return; // service-linked roles belong to AWS services, never to a run
            }
            ours(
                            () -> toMap(
                                    iam.listRoleTags(r -> r.roleName(role.roleName()))
                                            .tags(),
                                    t -> t.key(),
                                    t -> t.value()),
                            role.roleName())
                    .ifPresent(run -> add("iam", "role", role.roleName(), "", run, role.createDate()));
        });
        iam.listUsersPaginator(r -> {})
                .users()
                .forEach(user -> ours(
                                () -> toMap(
                                        iam.listUserTags(r -> r.userName(user.userName()))
                                                .tags(),
                                        t -> t.key(),
                                        t -> t.value()),
                                user.userName())
                        .ifPresent(run -> add("iam", "user", user.userName(), "", run, user.createDate())));
        iam.listPoliciesPaginator(r -> r.scope(PolicyScopeType.LOCAL))
                .policies()
                .forEach(p -> ours(
                                () -> toMap(
                                        iam.listPolicyTags(r -> r.policyArn(p.arn()))
                                                .tags(),
                                        t -> t.key(),
                                        t -> t.value()),
                                p.policyName())
                        .ifPresent(run -> add("iam", "policy", p.arn(), "", run, p.createDate())));
    }

    private void acm() {
        var acm = aws.acm();
        // without Includes.keyTypes ListCertificates returns RSA certificates only: the EC certificate the harness
        // imports is among the others
        acm.listCertificatesPaginator(r -> r.includes(i -> i.keyTypes(KeyAlgorithm.knownValues())))
                .certificateSummaryList()
                .forEach(c -> ours(
                                () -> toMap(
                                        acm.listTagsForCertificate(r -> r.certificateArn(c.certificateArn()))
                                                .tags(),
                                        t -> t.key(),
                                        t -> t.value()),
                                c.domainName())
                        .ifPresent(run ->
                                add("acm", "certificate", c.certificateArn(), c.statusAsString(), run, c.createdAt())));
    }

    private void buckets() {
        var s3 = aws.s3();
        for (var bucket : s3.listBuckets().buckets()) {
            Map<String, String> tags;
            try {
                tags = toMap(s3.getBucketTagging(r -> r.bucket(bucket.name())).tagSet(), t -> t.key(), t -> t.value());
            } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
                // NoSuchTagSet, a bucket in another region, or one we may not read: not a run's bucket
                // (the run's own buckets are created by a role that may read their tags)
                continue;
            }
            match(tags).ifPresent(run -> add("s3", "bucket", bucket.name(), "", run, bucket.creationDate()));
        }
    }
}
