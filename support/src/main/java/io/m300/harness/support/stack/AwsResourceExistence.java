package io.m300.harness.support.stack;

import io.m300.harness.support.aws.AwsClients;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The describe call of each resource type the stack uses (Terraform type -> one AWS read), for
 * {@link StateListedResources}: {@link StateListedResources#ABSENT} when the call no longer finds
 * the resource, its state or {@code exists} when it does, {@code null} for a type it does not know.
 * A "not found" error of the service counts as absent; any other error is thrown (a failed lookup
 * proves nothing). Reads identifiers from the state's attributes, never prints other attributes.
 */
public final class AwsResourceExistence implements StateListedResources.Lookup {

    private static final String EXISTS = "exists";

    private final AwsClients aws;
    private final Map<String, BiFunction<AwsClients, StackInventory.Resource, String>> lookups = Map.ofEntries(
            // EC2 / VPC
            Map.entry("aws_vpc", (a, r) -> first(a.ec2().describeVpcs(q -> q.vpcIds(r.id())).vpcs().stream().map(v -> v.stateAsString()).toList())),
            Map.entry("aws_subnet", (a, r) -> first(a.ec2().describeSubnets(q -> q.subnetIds(r.id())).subnets().stream().map(v -> v.stateAsString()).toList())),
            Map.entry("aws_internet_gateway", (a, r) -> exists(a.ec2().describeInternetGateways(q -> q.internetGatewayIds(r.id())).internetGateways())),
            Map.entry("aws_route_table", (a, r) -> exists(a.ec2().describeRouteTables(q -> q.routeTableIds(r.id())).routeTables())),
            Map.entry("aws_route", AwsResourceExistence::route),
            Map.entry("aws_route_table_association", (a, r) -> exists(a.ec2().describeRouteTables(q -> q.filters(
                    Filter.builder().name("association.route-table-association-id").values(r.id()).build())).routeTables())),
            Map.entry("aws_eip", (a, r) -> exists(a.ec2().describeAddresses(q -> q.allocationIds(r.attr("allocation_id").orElse(r.id()))).addresses())),
            Map.entry("aws_nat_gateway", (a, r) -> first(a.ec2().describeNatGateways(q -> q.natGatewayIds(r.id())).natGateways().stream().map(n -> n.stateAsString()).toList())),
            Map.entry("aws_security_group", AwsResourceExistence::securityGroup),
            Map.entry("aws_default_security_group", AwsResourceExistence::securityGroup),
            Map.entry("aws_vpc_security_group_ingress_rule", AwsResourceExistence::securityGroupRule),
            Map.entry("aws_vpc_security_group_egress_rule", AwsResourceExistence::securityGroupRule),
            Map.entry("aws_security_group_rule", AwsResourceExistence::legacySecurityGroupRule),
            Map.entry("aws_flow_log", (a, r) -> exists(a.ec2().describeFlowLogs(q -> q.flowLogIds(r.id())).flowLogs())),
            Map.entry("aws_ec2_managed_prefix_list", (a, r) -> first(a.ec2().describeManagedPrefixLists(q -> q.prefixListIds(r.id()))
                    .prefixLists().stream().map(p -> p.stateAsString()).toList())),
            Map.entry("aws_vpc_endpoint", (a, r) -> first(a.ec2().describeVpcEndpoints(q -> q.vpcEndpointIds(r.id())).vpcEndpoints().stream()
                    .map(e -> e.stateAsString()).toList())),
            // RDS
            Map.entry("aws_db_instance", (a, r) -> first(a.rds().describeDBInstances(q -> q.dbInstanceIdentifier(
                    r.attr("identifier").orElse(r.id()))).dbInstances().stream().map(d -> d.dbInstanceStatus()).toList())),
            Map.entry("aws_db_subnet_group", (a, r) -> exists(a.rds().describeDBSubnetGroups(q -> q.dbSubnetGroupName(
                    r.attr("name").orElse(r.id()))).dbSubnetGroups())),
            Map.entry("aws_rds_cluster", (a, r) -> first(a.rds().describeDBClusters(q -> q.dbClusterIdentifier(
                    r.attr("cluster_identifier").orElse(r.id()))).dbClusters().stream().map(c -> c.status()).toList())),
            Map.entry("aws_rds_cluster_instance", (a, r) -> first(a.rds().describeDBInstances(q -> q.dbInstanceIdentifier(
                    r.attr("identifier").orElse(r.id()))).dbInstances().stream().map(d -> d.dbInstanceStatus()).toList())),
            // KMS
            Map.entry("aws_kms_key", (a, r) -> a.kms().describeKey(q -> q.keyId(r.attr("key_id").orElse(r.id()))).keyMetadata().keyStateAsString()),
            Map.entry("aws_kms_alias", (a, r) -> exists(a.kms().listAliasesPaginator().aliases().stream()
                    .filter(al -> al.aliasName().equals(r.attr("name").orElse(r.id()))).toList())),
            // IAM
            Map.entry("aws_iam_role", (a, r) -> present(a.iam().getRole(q -> q.roleName(r.attr("name").orElse(r.id()))))),
            Map.entry("aws_iam_policy", (a, r) -> present(a.iam().getPolicy(q -> q.policyArn(r.arn().orElse(r.id()))))),
            Map.entry("aws_iam_user", (a, r) -> present(a.iam().getUser(q -> q.userName(r.attr("name").orElse(r.id()))))),
            Map.entry("aws_iam_group", (a, r) -> present(a.iam().getGroup(q -> q.groupName(r.attr("name").orElse(r.id()))))),
            Map.entry("aws_iam_role_policy", (a, r) -> present(a.iam().getRolePolicy(q -> q.roleName(r.attr("role").orElseThrow())
                    .policyName(r.attr("name").orElseThrow())))),
            Map.entry("aws_iam_user_policy", (a, r) -> present(a.iam().getUserPolicy(q -> q.userName(r.attr("user").orElseThrow())
                    .policyName(r.attr("name").orElseThrow())))),
            Map.entry("aws_iam_group_policy", (a, r) -> present(a.iam().getGroupPolicy(q -> q.groupName(r.attr("group").orElseThrow())
                    .policyName(r.attr("name").orElseThrow())))),
            Map.entry("aws_iam_role_policy_attachment", (a, r) -> exists(a.iam().listAttachedRolePoliciesPaginator(q -> q.roleName(
                    r.attr("role").orElseThrow())).attachedPolicies().stream().filter(p -> p.policyArn().equals(r.attr("policy_arn").orElse(""))).toList())),
            Map.entry("aws_iam_user_policy_attachment", (a, r) -> exists(a.iam().listAttachedUserPoliciesPaginator(q -> q.userName(
                    r.attr("user").orElseThrow())).attachedPolicies().stream().filter(p -> p.policyArn().equals(r.attr("policy_arn").orElse(""))).toList())),
            Map.entry("aws_iam_group_policy_attachment", (a, r) -> exists(a.iam().listAttachedGroupPoliciesPaginator(q -> q.groupName(
                    r.attr("group").orElseThrow())).attachedPolicies().stream().filter(p -> p.policyArn().equals(r.attr("policy_arn").orElse(""))).toList())),
            // Lambda, EventBridge
            Map.entry("aws_lambda_function", (a, r) -> present(a.lambda().getFunction(q -> q.functionName(r.attr("function_name").orElse(r.id()))))),
            Map.entry("aws_lambda_permission", AwsResourceExistence::lambdaPermission),
            Map.entry("aws_cloudwatch_event_rule", (a, r) -> present(a.events().describeRule(q -> q.name(r.attr("name").orElse(r.id()))))),
            Map.entry("aws_cloudwatch_event_target", (a, r) -> exists(a.events().listTargetsByRule(q -> q.rule(r.attr("rule").orElseThrow()))
                    .targets().stream().filter(t -> t.id().equals(r.attr("target_id").orElse(""))).toList())),
            // CloudWatch, logs, SNS, SSM, ACM
            Map.entry("aws_cloudwatch_log_group", (a, r) -> exists(a.logs().describeLogGroups(q -> q.logGroupNamePrefix(r.attr("name").orElse(r.id())))
                    .logGroups().stream().filter(g -> g.logGroupName().equals(r.attr("name").orElse(r.id()))).toList())),
            Map.entry("aws_cloudwatch_metric_alarm", (a, r) -> exists(a.cloudWatchQuery().describeAlarms(List.of(r.attr("alarm_name").orElse(r.id()))))),
            Map.entry("aws_sns_topic", (a, r) -> present(a.sns().getTopicAttributes(q -> q.topicArn(r.arn().orElse(r.id()))))),
            Map.entry("aws_sns_topic_subscription", (a, r) -> present(a.sns().getSubscriptionAttributes(q -> q.subscriptionArn(r.arn().orElse(r.id()))))),
            Map.entry("aws_ssm_parameter", (a, r) -> present(a.ssm().getParameter(q -> q.name(r.attr("name").orElse(r.id()))))),
            Map.entry("aws_acm_certificate", (a, r) -> a.acm().describeCertificate(q -> q.certificateArn(r.arn().orElse(r.id()))).certificate().statusAsString()),
            // ECS
            Map.entry("aws_ecs_cluster", (a, r) -> first(a.ecs().describeClusters(q -> q.clusters(r.arn().orElse(r.id()))).clusters().stream()
                    .map(c -> c.status()).toList())),
            Map.entry("aws_ecs_service", (a, r) -> first(a.ecs().describeServices(q -> q.cluster(r.attr("cluster").orElseThrow())
                    .services(r.attr("name").orElse(r.id()))).services().stream().map(s -> s.status()).toList())),
            Map.entry("aws_ecs_task_definition", (a, r) -> a.ecs().describeTaskDefinition(q -> q.taskDefinition(r.arn().orElse(r.id())))
                    .taskDefinition().statusAsString()),
            // ELBv2
            Map.entry("aws_lb", (a, r) -> first(a.elbv2().describeLoadBalancers(q -> q.loadBalancerArns(r.arn().orElse(r.id()))).loadBalancers()
                    .stream().map(l -> l.state() == null ? EXISTS : l.state().codeAsString()).toList())),
            Map.entry("aws_alb", (a, r) -> first(a.elbv2().describeLoadBalancers(q -> q.loadBalancerArns(r.arn().orElse(r.id()))).loadBalancers()
                    .stream().map(l -> EXISTS).toList())),
            Map.entry("aws_lb_listener", (a, r) -> exists(a.elbv2().describeListeners(q -> q.listenerArns(r.arn().orElse(r.id()))).listeners())),
            Map.entry("aws_lb_listener_rule", (a, r) -> exists(a.elbv2().describeRules(q -> q.ruleArns(r.arn().orElse(r.id()))).rules())),
            Map.entry("aws_lb_target_group", (a, r) -> exists(a.elbv2().describeTargetGroups(q -> q.targetGroupArns(r.arn().orElse(r.id()))).targetGroups())),
            // S3 (the mutant STATE-02 reaches the state bucket's public access block)
            Map.entry("aws_s3_bucket", (a, r) -> present(a.s3().headBucket(q -> q.bucket(r.attr("bucket").orElse(r.id()))))),
            Map.entry("aws_s3_bucket_public_access_block", (a, r) -> present(a.s3().getPublicAccessBlock(q -> q.bucket(r.attr("bucket").orElse(r.id()))))));

    public AwsResourceExistence(AwsClients aws) {
        this.aws = aws;
    }

    /** The Terraform types this class can look up. */
    public static Set<String> supportedTypes() {
        return new AwsResourceExistence(null).lookups.keySet();
    }

    @Override
    public String state(StackInventory.Resource resource) {
        var lookup = lookups.get(resource.type());
        if (lookup == null) {
            return null;
        }
        try {
            return lookup.apply(aws, resource);
        } catch (AwsServiceException e) {
            if (isNotFound(e)) {
                return StateListedResources.ABSENT;
            }
            throw e;
        }
    }

    /** Whether a service error says "this resource does not exist" (each service spells it its own way). */
    static boolean isNotFound(AwsServiceException e) {
        String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
        String message = String.valueOf(e.getMessage());
        return code.contains("NotFound") || code.contains("NoSuch") || code.contains("Malformed")
                || message.contains("does not exist") || (e.statusCode() == 404 && (code.isBlank() || code.equals("404")));
    }

    private static String first(List<String> states) {
        return states.isEmpty() ? StateListedResources.ABSENT : Optional.ofNullable(states.get(0)).filter(s -> !s.isEmpty()).orElse(EXISTS);
    }

    private static String exists(List<?> found) {
        return found.isEmpty() ? StateListedResources.ABSENT : EXISTS;
    }

    private static String present(Object response) {
        return response == null ? StateListedResources.ABSENT : EXISTS;
    }

    private static String securityGroup(AwsClients a, StackInventory.Resource r) {
        return exists(a.ec2().describeSecurityGroups(q -> q.groupIds(r.id())).securityGroups());
    }

    private static String securityGroupRule(AwsClients a, StackInventory.Resource r) {
        String id = r.attr("security_group_rule_id").orElse(r.id());
        return exists(a.ec2().describeSecurityGroupRules(q -> q.securityGroupRuleIds(id)).securityGroupRules());
    }

    /**
     * An {@code aws_security_group_rule} has no AWS identity of its own (its id is made up by Terraform):
     * it is gone with its group, or when the group has no rule of its direction, protocol and ports left.
     */
    private static String legacySecurityGroupRule(AwsClients a, StackInventory.Resource r) {
        String group = r.attr("security_group_id").orElseThrow();
        boolean egress = "egress".equals(r.attr("type").orElse("ingress"));
        String protocol = r.attr("protocol").orElse("");
        int from = Integer.parseInt(r.attr("from_port").orElse("0"));
        int to = Integer.parseInt(r.attr("to_port").orElse("0"));
        var rules = a.ec2().describeSecurityGroupRules(q -> q.filters(f -> f.name("group-id").values(group))).securityGroupRules();
        return exists(rules.stream().filter(x -> x.isEgress() == egress
                && (x.ipProtocol().equals(protocol) || ("-1".equals(x.ipProtocol()) && "all".equals(protocol)))
                && x.fromPort() == from && x.toPort() == to).toList());
    }

    /** A route is gone with its table, or when the table no longer has a route to its destination. */
    private static String route(AwsClients a, StackInventory.Resource r) {
        String table = r.attr("route_table_id").orElseThrow();
        String v4 = r.attr("destination_cidr_block").orElse("");
        String v6 = r.attr("destination_ipv6_cidr_block").orElse("");
        String pl = r.attr("destination_prefix_list_id").orElse("");
        var tables = a.ec2().describeRouteTables(q -> q.routeTableIds(table)).routeTables();
        if (tables.isEmpty()) {
            return StateListedResources.ABSENT;
        }
        return exists(tables.get(0).routes().stream().filter(rt -> (!v4.isEmpty() && v4.equals(rt.destinationCidrBlock()))
                || (!v6.isEmpty() && v6.equals(rt.destinationIpv6CidrBlock()))
                || (!pl.isEmpty() && pl.equals(rt.destinationPrefixListId()))).toList());
    }

    /** A permission is gone with its function, or when the function's policy no longer has its statement. */
    private static String lambdaPermission(AwsClients a, StackInventory.Resource r) {
        String function = r.attr("function_name").orElseThrow();
        String sid = r.attr("statement_id").orElse(r.id());
        String policy = a.lambda().getPolicy(q -> q.functionName(function)).policy();
        return policy != null && policy.contains("\"" + sid + "\"") ? EXISTS : StateListedResources.ABSENT;
    }
}
