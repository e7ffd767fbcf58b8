package io.m300.harness.support.aws.types;

import static io.m300.harness.support.aws.types.ResourceType.ABSENT;
import static io.m300.harness.support.aws.types.ResourceType.EXISTS;
import static io.m300.harness.support.aws.types.ResourceType.exists;
import static io.m300.harness.support.aws.types.ResourceType.first;
import static io.m300.harness.support.aws.types.ResourceType.present;
import static io.m300.harness.support.aws.types.ResourceType.type;

import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.aws.EcsReader;
import io.m300.harness.support.stack.StackInventory;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.ClusterField;

/** Databases (RDS instances, Aurora clusters), ECS, load balancers, Lambda and EventBridge. */
final class WorkloadTypes {

    private WorkloadTypes() {}

    private static final ResourceType DB_INSTANCE = type("aws_db_instance")
            .tagged(Kinds.DB_INSTANCE)
            .notFound("DBInstanceNotFound")
            .exists(WorkloadTypes::dbInstance, "rds:DescribeDBInstances")
            .list("rds:DescribeDBInstances")
            .delete("rds:DeleteDBInstance", "rds:ModifyDBInstance")
            .build();

    private static final ResourceType LOAD_BALANCER = type("aws_lb")
            .tagged(Kinds.LOAD_BALANCER)
            .notFound("LoadBalancerNotFound")
            .exists(WorkloadTypes::loadBalancer, "elasticloadbalancing:DescribeLoadBalancers")
            .list("elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeTags")
            .delete("elasticloadbalancing:DeleteLoadBalancer")
            .build();

    static List<ResourceType> all() {
        return List.of(
                // RDS
                DB_INSTANCE,
                DB_INSTANCE.as("aws_rds_cluster_instance"),
                type("aws_rds_cluster")
                        .notSwept(NetworkTypes.EMULATOR_ONLY)
                        .notFound("DBClusterNotFoundFault")
                        .exists(
                                (a, r) -> first(
                                        a.rds()
                                                .describeDBClusters(
                                                        q -> q.dbClusterIdentifier(r.attr("cluster_identifier")
                                                                .orElse(r.id())))
                                                .dbClusters(),
                                        x -> x.status()),
                                "rds:DescribeDBClusters")
                        .list("rds:DescribeDBClusters")
                        .build(),
                type("aws_db_subnet_group")
                        .tagged(Kinds.DB_SUBNET_GROUP)
                        .notFound("DBSubnetGroupNotFoundFault")
                        .exists(
                                (a, r) -> exists(a.rds()
                                        .describeDBSubnetGroups(q -> q.dbSubnetGroupName(
                                                r.attr("name").orElse(r.id())))
                                        .dbSubnetGroups()),
                                "rds:DescribeDBSubnetGroups")
                        .list("rds:DescribeDBSubnetGroups", "rds:ListTagsForResource")
                        .delete("rds:DeleteDBSubnetGroup")
                        .build(),
                type("aws_db_snapshot")
                        .tagged(Kinds.DB_SNAPSHOT)
                        .notFound("DBSnapshotNotFound")
                        .exists(
                                (a, r) -> first(
                                        a.rds()
                                                .describeDBSnapshots(
                                                        q -> q.dbSnapshotIdentifier(r.attr("db_snapshot_identifier")
                                                                .orElse(r.id())))
                                                .dbSnapshots(),
                                        x -> x.status()),
                                "rds:DescribeDBSnapshots")
                        .list("rds:DescribeDBSnapshots")
                        .delete("rds:DeleteDBSnapshot")
                        .build(),
                // ECS (DescribeClusters/DescribeServices answer a missing one in "failures", not with an error)
                type("aws_ecs_cluster")
                        .tagged(Kinds.ECS_CLUSTER)
                        .exists(
                                (a, r) -> first(
                                        a.ecs()
                                                .describeClusters(q -> q.clusters(
                                                                r.arn().orElse(r.id()))
                                                        .include(ClusterField.TAGS)) // as EcsReader.SERVICE_TAGS says
                                                .clusters(),
                                        x -> x.status()),
                                "ecs:DescribeClusters")
                        .list("ecs:ListClusters", "ecs:DescribeClusters")
                        .delete("ecs:DeleteCluster")
                        .build(),
                type("aws_ecs_service")
                        .withParent(
                                "aws_ecs_cluster",
                                "the sweeper scales every service of a run's cluster to 0 and deletes it")
                        .notFound("ClusterNotFoundException", "ServiceNotFoundException")
                        .exists(
                                (a, r) -> first(
                                        a.ecs()
                                                .describeServices(q -> q.cluster(r.attr("cluster")
                                                                .orElseThrow())
                                                        .services(r.attr("name").orElse(r.id()))
                                                        .include(EcsReader.SERVICE_TAGS))
                                                .services(),
                                        x -> x.status()),
                                "ecs:DescribeServices")
                        .list("ecs:ListServices")
                        .delete("ecs:UpdateService", "ecs:DeleteService")
                        .build(),
                type("aws_ecs_task_definition")
                        .tagged(Kinds.TASK_DEFINITION)
                        .exists(
                                (a, r) -> a.ecs()
                                        .describeTaskDefinition(
                                                q -> q.taskDefinition(r.arn().orElse(r.id())))
                                        .taskDefinition()
                                        .statusAsString(),
                                "ecs:DescribeTaskDefinition")
                        .list("ecs:ListTaskDefinitions", "ecs:DescribeTaskDefinition")
                        .delete("ecs:DeregisterTaskDefinition")
                        .build(),
                // ELBv2
                LOAD_BALANCER,
                LOAD_BALANCER.as("aws_alb"),
                type("aws_lb_listener")
                        .withParent("aws_lb", "a listener is deleted with its load balancer")
                        .notFound("ListenerNotFound")
                        .exists(
                                (a, r) -> exists(a.elbv2()
                                        .describeListeners(
                                                q -> q.listenerArns(r.arn().orElse(r.id())))
                                        .listeners()),
                                "elasticloadbalancing:DescribeListeners")
                        .build(),
                type("aws_lb_listener_rule")
                        .withParent("aws_lb", "a rule goes with its listener, which goes with its load balancer")
                        .notFound("RuleNotFound", "ListenerNotFound")
                        .exists(
                                (a, r) -> exists(a.elbv2()
                                        .describeRules(q -> q.ruleArns(r.arn().orElse(r.id())))
                                        .rules()),
                                "elasticloadbalancing:DescribeRules")
                        .build(),
                type("aws_lb_target_group")
                        .tagged(Kinds.TARGET_GROUP)
                        .notFound("TargetGroupNotFound")
                        .exists(
                                (a, r) -> exists(a.elbv2()
                                        .describeTargetGroups(
                                                q -> q.targetGroupArns(r.arn().orElse(r.id())))
                                        .targetGroups()),
                                "elasticloadbalancing:DescribeTargetGroups")
                        .list("elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTags")
                        .delete("elasticloadbalancing:DeleteTargetGroup")
                        .build(),
                // Lambda, EventBridge
                type("aws_lambda_function")
                        .tagged(Kinds.FUNCTION)
                        .notFound("ResourceNotFoundException")
                        .exists(
                                (a, r) -> present(a.lambda()
                                        .getFunction(q -> q.functionName(
                                                r.attr("function_name").orElse(r.id())))),
                                "lambda:GetFunction")
                        .list("lambda:ListFunctions", "lambda:ListTags")
                        .delete("lambda:DeleteFunction")
                        .build(),
                type("aws_lambda_permission")
                        .withParent("aws_lambda_function", "a permission is part of its function's policy")
                        .notFound("ResourceNotFoundException")
                        .exists(WorkloadTypes::lambdaPermission, "lambda:GetPolicy")
                        .build(),
                type("aws_cloudwatch_event_rule")
                        .tagged(Kinds.RULE)
                        .notFound("ResourceNotFoundException")
                        .exists(
                                (a, r) -> present(a.events()
                                        .describeRule(q -> q.name(r.attr("name").orElse(r.id())))),
                                "events:DescribeRule")
                        .list("events:ListRules", "events:ListTagsForResource")
                        .delete("events:ListTargetsByRule", "events:RemoveTargets", "events:DeleteRule")
                        .build(),
                type("aws_cloudwatch_event_target")
                        .withParent("aws_cloudwatch_event_rule", "the sweeper removes a rule's targets before the rule")
                        .notFound("ResourceNotFoundException")
                        .exists(
                                (a, r) -> exists(a
                                        .events()
                                        .listTargetsByRule(
                                                q -> q.rule(r.attr("rule").orElseThrow()))
                                        .targets()
                                        .stream()
                                        .filter(t -> t.id().equals(
                                                        r.attr("target_id").orElse("")))
                                        .toList()),
                                "events:ListTargetsByRule")
                        .build());
    }

    private static String dbInstance(AwsClients a, StackInventory.Resource r) {
        return first(
                a.rds()
                        .describeDBInstances(
                                q -> q.dbInstanceIdentifier(r.attr("identifier").orElse(r.id())))
                        .dbInstances(),
                x -> x.dbInstanceStatus());
    }

    private static String loadBalancer(AwsClients a, StackInventory.Resource r) {
        return first(
                a
                        .elbv2()
                        .describeLoadBalancers(q -> q.loadBalancerArns(r.arn().orElse(r.id())))
                        .loadBalancers()
                        .stream()
                        .map(l -> l.state() == null ? EXISTS : l.state().codeAsString())
                        .toList());
    }

    /** A permission is gone with its function, or when the function's policy no longer has its statement. */
    private static String lambdaPermission(AwsClients a, StackInventory.Resource r) {
        String function = r.attr("function_name").orElseThrow();
        String sid = r.attr("statement_id").orElse(r.id());
        String policy = a.lambda().getPolicy(q -> q.functionName(function)).policy();
        return policy != null && policy.contains("\"" + sid + "\"") ? EXISTS : ABSENT;
    }
}
