package io.m300.harness.support.aws.types;

import static io.m300.harness.support.aws.types.Deleter.byId;
import static io.m300.harness.support.aws.types.Deleter.of;

import io.m300.harness.support.stack.TaggedResources.Found;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.rds.model.RdsException;

/** ECS (services, clusters, task definitions), load balancers, Lambda and its schedules, RDS (instances, snapshots, subnet groups). */
final class WorkloadDeleter implements Deleter {

    @Override
    public Set<Kind> kinds() {
        return Set.of(
                Kinds.ECS_CLUSTER,
                Kinds.TASK_DEFINITION,
                Kinds.LOAD_BALANCER,
                Kinds.TARGET_GROUP,
                Kinds.FUNCTION,
                Kinds.RULE,
                Kinds.DB_INSTANCE,
                Kinds.DB_SNAPSHOT,
                Kinds.DB_SUBNET_GROUP);
    }

    @Override
    public void delete(Book d, List<Found> items) {
        d.guarded("ecs", () -> ecs(d, items));
        d.guarded("elbv2", () -> loadBalancers(d, items));
        d.guarded("lambda", () -> lambdaAndSchedules(d, items));
        d.guarded("rds", () -> rds(d, items));
    }

    private static void ecs(Book d, List<Found> items) {
        var ecs = d.aws().ecs();
        for (Found cluster : byId(items, Kinds.ECS_CLUSTER).values()) {
            if (!"ACTIVE".equals(cluster.state())) {
                continue;
            }
            String clusterArn = cluster.id();
            for (String serviceArn :
                    ecs.listServicesPaginator(r -> r.cluster(clusterArn)).serviceArns()) {
                d.delete("ECS service " + serviceArn, () -> {
                    ecs.updateService(
                            r -> r.cluster(clusterArn).service(serviceArn).desiredCount(0));
                    ecs.deleteService(
                            r -> r.cluster(clusterArn).service(serviceArn).force(true));
                });
            }
            d.delete("ECS cluster " + clusterArn, () -> ecs.deleteCluster(r -> r.cluster(clusterArn)));
        }
        for (Found td : byId(items, Kinds.TASK_DEFINITION).values()) {
            if ("ACTIVE".equals(td.state())) {
                d.delete(
                        "ECS task definition " + td.id(),
                        () -> ecs.deregisterTaskDefinition(r -> r.taskDefinition(td.id())));
            }
        }
    }

    private static void loadBalancers(Book d, List<Found> items) {
        var elb = d.aws().elbv2();
        of(items, Kinds.LOAD_BALANCER)
                .forEach(arn ->
                        d.delete("load balancer " + arn, () -> elb.deleteLoadBalancer(r -> r.loadBalancerArn(arn))));
        of(items, Kinds.TARGET_GROUP)
                .forEach(arn ->
                        d.delete("target group " + arn, () -> elb.deleteTargetGroup(r -> r.targetGroupArn(arn))));
    }

    private static void lambdaAndSchedules(Book d, List<Found> items) {
        of(items, Kinds.FUNCTION)
                .forEach(name -> d.delete(
                        "Lambda function " + name, () -> d.aws().lambda().deleteFunction(r -> r.functionName(name))));
        var events = d.aws().events();
        of(items, Kinds.RULE)
                .forEach(rule -> d.delete("EventBridge rule " + rule, () -> {
                    List<String> ids = events.listTargetsByRule(r -> r.rule(rule)).targets().stream()
                            .map(t -> t.id())
                            .toList();
                    if (!ids.isEmpty()) {
                        events.removeTargets(r -> r.rule(rule).ids(ids).force(true));
                    }
                    events.deleteRule(r -> r.name(rule).force(true));
                }));
    }

    /**
     * Deletes; when RDS refuses because deletion protection is on (its documented answer:
     * {@code InvalidParameterCombination}), turns the protection off and deletes again.
     */
    private static void unprotected(Runnable delete, Runnable unprotect) {
        try {
            delete.run();
        } catch (RdsException e) {
            if (e.awsErrorDetails() == null
                    || !"InvalidParameterCombination".equals(e.awsErrorDetails().errorCode())) {
                throw e;
            }
            unprotect.run();
            delete.run();
        }
    }

    private static void rds(Book d, List<Found> items) {
        var rds = d.aws().rds();
        for (Found db : byId(items, Kinds.DB_INSTANCE).values()) {
            if ("deleting".equals(db.state())) {
                d.pending("RDS instance " + db.id() + " (deleting)");
                continue;
            }
            d.delete(
                    "RDS instance " + db.id(),
                    () -> unprotected(
                            () -> rds.deleteDBInstance(r -> r.dbInstanceIdentifier(db.id())
                                    .skipFinalSnapshot(true)
                                    .deleteAutomatedBackups(true)),
                            () -> rds.modifyDBInstance(r -> r.dbInstanceIdentifier(db.id())
                                    .deletionProtection(false)
                                    .applyImmediately(true))));
            d.pending("RDS instance " + db.id() + " (deleting)");
        }
        of(items, Kinds.DB_SNAPSHOT)
                .forEach(id ->
                        d.delete("RDS snapshot " + id, () -> rds.deleteDBSnapshot(r -> r.dbSnapshotIdentifier(id))));
        of(items, Kinds.DB_SUBNET_GROUP)
                .forEach(name -> d.delete(
                        "DB subnet group " + name, () -> rds.deleteDBSubnetGroup(r -> r.dbSubnetGroupName(name))));
    }
}
