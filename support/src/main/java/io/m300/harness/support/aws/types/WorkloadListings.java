package io.m300.harness.support.aws.types;

import static io.m300.harness.support.aws.types.TaggedListings.toMap;

import io.m300.harness.support.aws.Ec2States;
import io.m300.harness.support.stack.TaggedResources;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/**
 * How a run's resources of the network and workload types are listed, service by service and page
 * by page, for {@link TaggedResources} (the kinds of {@link NetworkTypes} and {@link WorkloadTypes}):
 * EC2 through {@code DescribeTags}, RDS, ECS, ELBv2, Lambda and EventBridge each by a listing and the
 * tags of what it lists. Each listing adds what carries the run tag to the walk's {@code on}.
 */
final class WorkloadListings {

    private WorkloadListings() {}

    static void ec2(TaggedResources.Section on) {
        on.aws()
                .ec2()
                .describeTagsPaginator(r ->
                        r.filters(Filter.builder().name("key").values(on.key()).build()))
                .tags()
                .forEach(t -> {
                    if (on.runIds().test(t.value())) {
                        on.add(
                                "ec2",
                                Ec2States.type(t.resourceTypeAsString(), t.resourceId()),
                                t.resourceId(),
                                Ec2States.of(on.aws(), t.resourceId()),
                                t.value(),
                                null);
                    }
                });
    }

    static void rds(TaggedResources.Section on) {
        var rds = on.aws().rds();
        rds.describeDBInstancesPaginator(r -> {})
                .dbInstances()
                .forEach(db -> on.match(toMap(db.tagList(), t -> t.key(), t -> t.value()))
                        .ifPresent(run -> on.add(
                                "rds",
                                "db-instance",
                                db.dbInstanceIdentifier(),
                                db.dbInstanceStatus(),
                                run,
                                db.instanceCreateTime())));
        rds.describeDBClustersPaginator(r -> {})
                .dbClusters()
                .forEach(c -> on.match(toMap(c.tagList(), t -> t.key(), t -> t.value()))
                        .ifPresent(run -> on.add(
                                "rds", "db-cluster", c.dbClusterIdentifier(), c.status(), run, c.clusterCreateTime())));
        rds.describeDBSnapshotsPaginator(r -> r.snapshotType("manual"))
                .dbSnapshots()
                .forEach(s -> on.match(toMap(s.tagList(), t -> t.key(), t -> t.value()))
                        .ifPresent(run -> on.add(
                                "rds",
                                "db-snapshot",
                                s.dbSnapshotIdentifier(),
                                s.status(),
                                run,
                                s.snapshotCreateTime())));
        rds.describeDBSubnetGroupsPaginator(r -> {})
                .dbSubnetGroups()
                .forEach(g -> on.ours(
                                () -> toMap(
                                        rds.listTagsForResource(r -> r.resourceName(g.dbSubnetGroupArn()))
                                                .tagList(),
                                        t -> t.key(),
                                        t -> t.value()),
                                g.dbSubnetGroupName())
                        .ifPresent(run -> on.add(
                                "rds", "db-subnet-group", g.dbSubnetGroupName(), g.subnetGroupStatus(), run, null)));
    }

    static void ecs(TaggedResources.Section on) {
        var ecs = on.aws().ecs();
        List<String> clusters = new ArrayList<>();
        ecs.listClustersPaginator(r -> {}).clusterArns().forEach(clusters::add);
        for (int i = 0; i < clusters.size(); i += 100) {
            List<String> chunk = clusters.subList(i, Math.min(clusters.size(), i + 100));
            ecs.describeClusters(r -> r.clusters(chunk).include(ClusterField.TAGS))
                    .clusters()
                    .forEach(c -> on.match(toMap(c.tags(), t -> t.key(), t -> t.value()))
                            .ifPresent(run -> on.add("ecs", "cluster", c.clusterArn(), c.status(), run, null)));
        }
        for (TaskDefinitionStatus status : List.of(TaskDefinitionStatus.ACTIVE, TaskDefinitionStatus.INACTIVE)) {
            for (String arn :
                    ecs.listTaskDefinitionsPaginator(r -> r.status(status)).taskDefinitionArns()) {
                var d = ecs.describeTaskDefinition(r -> r.taskDefinition(arn).include(TaskDefinitionField.TAGS));
                on.match(toMap(d.tags(), t -> t.key(), t -> t.value()))
                        .ifPresent(run -> on.add(
                                "ecs",
                                "task-definition",
                                arn,
                                d.taskDefinition().statusAsString(),
                                run,
                                d.taskDefinition().registeredAt()));
            }
        }
    }

    static void elbv2(TaggedResources.Section on) {
        var elb = on.aws().elbv2();
        List<String> arns = new ArrayList<>();
        elb.describeLoadBalancersPaginator(r -> {}).loadBalancers().forEach(l -> arns.add(l.loadBalancerArn()));
        elb.describeTargetGroupsPaginator(r -> {}).targetGroups().forEach(t -> arns.add(t.targetGroupArn()));
        for (int i = 0; i < arns.size(); i += 20) {
            List<String> batch = arns.subList(i, Math.min(arns.size(), i + 20));
            elb.describeTags(r -> r.resourceArns(batch))
                    .tagDescriptions()
                    .forEach(d -> on.match(toMap(d.tags(), t -> t.key(), t -> t.value()))
                            .ifPresent(run -> on.add(
                                    "elbv2",
                                    d.resourceArn().contains(":targetgroup/") ? "target-group" : "load-balancer",
                                    d.resourceArn(),
                                    "",
                                    run,
                                    null)));
        }
    }

    static void lambda(TaggedResources.Section on) {
        var lambda = on.aws().lambda();
        lambda.listFunctionsPaginator(r -> {})
                .functions()
                .forEach(f -> on.ours(
                                () -> lambda.listTags(r -> r.resource(f.functionArn()))
                                        .tags(),
                                f.functionName())
                        .ifPresent(
                                run -> on.add("lambda", "function", f.functionName(), f.stateAsString(), run, null)));
    }

    static void events(TaggedResources.Section on) {
        var events = on.aws().events();
        String token = null;
        do {
            String next = token;
            var page = events.listRules(r -> r.nextToken(next));
            page.rules()
                    .forEach(rule -> on.ours(
                                    () -> toMap(
                                            events.listTagsForResource(r -> r.resourceARN(rule.arn()))
                                                    .tags(),
                                            t -> t.key(),
                                            t -> t.value()),
                                    rule.name())
                            .ifPresent(run -> on.add("events", "rule", rule.name(), rule.stateAsString(), run, null)));
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
    }
}
