package io.m300.harness.support.aws.types;

import static io.m300.harness.support.aws.types.ResourceType.ABSENT;
import static io.m300.harness.support.aws.types.ResourceType.exists;
import static io.m300.harness.support.aws.types.ResourceType.first;
import static io.m300.harness.support.aws.types.ResourceType.type;

import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.stack.StackInventory;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.Filter;

/** The EC2/VPC resource types. EC2 lists a run's resources of every kind with one {@code DescribeTags}. */
final class NetworkTypes {

    private NetworkTypes() {}

    private static final String TAGS = "ec2:DescribeTags";
    static final String EMULATOR_ONLY =
            "only the emulator's stacks (mutants, fixtures) create it; the nightly role may not, so the sweeper may not delete it";

    static List<ResourceType> all() {
        return List.of(
                type("aws_vpc")
                        .tagged(Kinds.VPC)
                        .notFound("InvalidVpcID.NotFound")
                        .exists(
                                (a, r) -> first(a.ec2().describeVpcs(q -> q.vpcIds(r.id())).vpcs().stream()
                                        .map(v -> v.stateAsString())
                                        .toList()),
                                "ec2:DescribeVpcs")
                        .list(TAGS, "ec2:DescribeVpcs")
                        .delete("ec2:DeleteVpc")
                        .build(),
                type("aws_subnet")
                        .tagged(Kinds.SUBNET)
                        .notFound("InvalidSubnetID.NotFound")
                        .exists(
                                (a, r) -> first(a.ec2().describeSubnets(q -> q.subnetIds(r.id())).subnets().stream()
                                        .map(v -> v.stateAsString())
                                        .toList()),
                                "ec2:DescribeSubnets")
                        .list(TAGS, "ec2:DescribeSubnets")
                        .delete("ec2:DeleteSubnet")
                        .build(),
                type("aws_internet_gateway")
                        .tagged(Kinds.INTERNET_GATEWAY)
                        .notFound("InvalidInternetGatewayID.NotFound")
                        .exists(
                                (a, r) -> exists(a.ec2()
                                        .describeInternetGateways(q -> q.internetGatewayIds(r.id()))
                                        .internetGateways()),
                                "ec2:DescribeInternetGateways")
                        .list(TAGS, "ec2:DescribeInternetGateways")
                        .delete("ec2:DetachInternetGateway", "ec2:DeleteInternetGateway")
                        .build(),
                type("aws_route_table")
                        .tagged(Kinds.ROUTE_TABLE)
                        .notFound("InvalidRouteTableID.NotFound")
                        .exists(
                                (a, r) -> exists(a.ec2()
                                        .describeRouteTables(q -> q.routeTableIds(r.id()))
                                        .routeTables()),
                                "ec2:DescribeRouteTables")
                        .list(TAGS, "ec2:DescribeRouteTables")
                        .delete("ec2:DisassociateRouteTable", "ec2:DeleteRouteTable")
                        .build(),
                type("aws_route")
                        .withParent("aws_route_table", "a route is deleted with its route table")
                        .notFound("InvalidRouteTableID.NotFound")
                        .exists(NetworkTypes::route, "ec2:DescribeRouteTables")
                        .build(),
                type("aws_route_table_association")
                        .withParent("aws_route_table", "disassociated when its route table is deleted")
                        .notFound("InvalidRouteTableID.NotFound")
                        .exists((a, r) -> association(a, r.id()), "ec2:DescribeRouteTables")
                        .build(),
                type("aws_main_route_table_association")
                        .withParent("aws_vpc", "the main route table goes with its VPC")
                        .notFound("InvalidRouteTableID.NotFound", "InvalidVpcID.NotFound")
                        .exists((a, r) -> association(a, r.id()), "ec2:DescribeRouteTables")
                        .build(),
                type("aws_eip")
                        .tagged(Kinds.ELASTIC_IP)
                        .notFound("InvalidAllocationID.NotFound")
                        .exists(
                                (a, r) -> exists(a.ec2()
                                        .describeAddresses(q -> q.allocationIds(
                                                r.attr("allocation_id").orElse(r.id())))
                                        .addresses()),
                                "ec2:DescribeAddresses")
                        .list(TAGS, "ec2:DescribeAddresses")
                        .delete("ec2:DisassociateAddress", "ec2:ReleaseAddress")
                        .build(),
                type("aws_nat_gateway")
                        .tagged(Kinds.NAT_GATEWAY)
                        .notFound("NatGatewayNotFound")
                        .exists(
                                (a, r) -> first(
                                        a.ec2().describeNatGateways(q -> q.natGatewayIds(r.id())).natGateways().stream()
                                                .map(n -> n.stateAsString())
                                                .toList()),
                                "ec2:DescribeNatGateways")
                        .list(TAGS, "ec2:DescribeNatGateways")
                        .delete("ec2:DeleteNatGateway")
                        .build(),
                type("aws_security_group")
                        .tagged(Kinds.SECURITY_GROUP)
                        .notFound("InvalidGroup.NotFound")
                        .exists(NetworkTypes::securityGroup, "ec2:DescribeSecurityGroups")
                        .list(TAGS, "ec2:DescribeSecurityGroups")
                        .delete(
                                "ec2:RevokeSecurityGroupIngress",
                                "ec2:RevokeSecurityGroupEgress",
                                "ec2:DeleteSecurityGroup")
                        .build(),
                type("aws_default_security_group")
                        .withParent("aws_vpc", "the default group goes with its VPC")
                        .notFound("InvalidGroup.NotFound")
                        .exists(NetworkTypes::securityGroup, "ec2:DescribeSecurityGroups")
                        .build(),
                type("aws_vpc_security_group_ingress_rule")
                        .withParent("aws_security_group", "a rule goes with its group")
                        .notFound("InvalidSecurityGroupRuleId.NotFound", "InvalidGroup.NotFound")
                        .exists(NetworkTypes::securityGroupRule, "ec2:DescribeSecurityGroupRules")
                        .build(),
                type("aws_vpc_security_group_egress_rule")
                        .withParent("aws_security_group", "a rule goes with its group")
                        .notFound("InvalidSecurityGroupRuleId.NotFound", "InvalidGroup.NotFound")
                        .exists(NetworkTypes::securityGroupRule, "ec2:DescribeSecurityGroupRules")
                        .build(),
                type("aws_security_group_rule")
                        .withParent("aws_security_group", "a rule goes with its group")
                        .notFound("InvalidGroup.NotFound")
                        .exists(NetworkTypes::legacySecurityGroupRule, "ec2:DescribeSecurityGroupRules")
                        .build(),
                type("aws_flow_log")
                        .tagged(Kinds.FLOW_LOG)
                        .notFound("InvalidFlowLogId.NotFound")
                        .exists(
                                (a, r) -> exists(a.ec2()
                                        .describeFlowLogs(q -> q.flowLogIds(r.id()))
                                        .flowLogs()),
                                "ec2:DescribeFlowLogs")
                        .list(TAGS, "ec2:DescribeFlowLogs")
                        .delete("ec2:DeleteFlowLogs")
                        .build(),
                type("aws_ec2_managed_prefix_list")
                        .notSwept(EMULATOR_ONLY)
                        .notFound("InvalidPrefixListID.NotFound")
                        .exists(
                                (a, r) ->
                                        first(a
                                                .ec2()
                                                .describeManagedPrefixLists(q -> q.prefixListIds(r.id()))
                                                .prefixLists()
                                                .stream()
                                                .map(p -> p.stateAsString())
                                                .toList()),
                                "ec2:DescribeManagedPrefixLists")
                        .list(TAGS, "ec2:DescribeManagedPrefixLists")
                        .build(),
                type("aws_vpc_endpoint")
                        .tagged(Kinds.VPC_ENDPOINT)
                        .notFound("InvalidVpcEndpointId.NotFound")
                        .exists(
                                (a, r) ->
                                        first(a
                                                .ec2()
                                                .describeVpcEndpoints(q -> q.vpcEndpointIds(r.id()))
                                                .vpcEndpoints()
                                                .stream()
                                                .map(e -> e.stateAsString())
                                                .toList()),
                                "ec2:DescribeVpcEndpoints")
                        .list(TAGS, "ec2:DescribeVpcEndpoints")
                        .delete("ec2:DeleteVpcEndpoints")
                        .build(),
                type("aws_network_interface")
                        .tagged(Kinds.NETWORK_INTERFACE)
                        .notFound("InvalidNetworkInterfaceID.NotFound")
                        .exists(
                                (a, r) -> exists(a.ec2()
                                        .describeNetworkInterfaces(q -> q.networkInterfaceIds(r.id()))
                                        .networkInterfaces()),
                                "ec2:DescribeNetworkInterfaces")
                        .list(TAGS, "ec2:DescribeNetworkInterfaces")
                        .delete("ec2:DeleteNetworkInterface")
                        .build(),
                type("aws_ec2_network_insights_path")
                        .tagged(Kinds.INSIGHTS_PATH)
                        .notFound("InvalidNetworkInsightsPathId.NotFound")
                        .exists(
                                (a, r) -> exists(a.ec2()
                                        .describeNetworkInsightsPaths(q -> q.networkInsightsPathIds(r.id()))
                                        .networkInsightsPaths()),
                                "ec2:DescribeNetworkInsightsPaths")
                        .list(TAGS)
                        .delete("ec2:DeleteNetworkInsightsPath")
                        .build(),
                type("aws_ec2_network_insights_analysis")
                        .tagged(Kinds.INSIGHTS_ANALYSIS)
                        .notFound("InvalidNetworkInsightsAnalysisId.NotFound")
                        .exists(
                                (a, r) -> exists(a.ec2()
                                        .describeNetworkInsightsAnalyses(q -> q.networkInsightsAnalysisIds(r.id()))
                                        .networkInsightsAnalyses()),
                                "ec2:DescribeNetworkInsightsAnalyses")
                        .list(TAGS)
                        .delete("ec2:DeleteNetworkInsightsAnalysis")
                        .build());
    }

    private static String association(AwsClients a, String id) {
        return exists(a.ec2()
                .describeRouteTables(q -> q.filters(Filter.builder()
                        .name("association.route-table-association-id")
                        .values(id)
                        .build()))
                .routeTables());
    }

    private static String securityGroup(AwsClients a, StackInventory.Resource r) {
        return exists(a.ec2().describeSecurityGroups(q -> q.groupIds(r.id())).securityGroups());
    }

    private static String securityGroupRule(AwsClients a, StackInventory.Resource r) {
        String id = r.attr("security_group_rule_id").orElse(r.id());
        return exists(a.ec2()
                .describeSecurityGroupRules(q -> q.securityGroupRuleIds(id))
                .securityGroupRules());
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
        var rules = a.ec2()
                .describeSecurityGroupRules(
                        q -> q.filters(f -> f.name("group-id").values(group)))
                .securityGroupRules();
        return exists(rules.stream()
                .filter(x -> x.isEgress() == egress
                        && (x.ipProtocol().equals(protocol) || ("-1".equals(x.ipProtocol()) && "all".equals(protocol)))
                        && x.fromPort() == from
                        && x.toPort() == to)
                .toList());
    }

    /** A route is gone with its table, or when the table no longer has a route to its destination. */
    private static String route(AwsClients a, StackInventory.Resource r) {
        String table = r.attr("route_table_id").orElseThrow();
        String v4 = r.attr("destination_cidr_block").orElse("");
        String v6 = r.attr("destination_ipv6_cidr_block").orElse("");
        String pl = r.attr("destination_prefix_list_id").orElse("");
        var tables = a.ec2().describeRouteTables(q -> q.routeTableIds(table)).routeTables();
        if (tables.isEmpty()) {
            return ABSENT;
        }
        return exists(tables.get(0).routes().stream()
                .filter(rt -> (!v4.isEmpty() && v4.equals(rt.destinationCidrBlock()))
                        || (!v6.isEmpty() && v6.equals(rt.destinationIpv6CidrBlock()))
                        || (!pl.isEmpty() && pl.equals(rt.destinationPrefixListId())))
                .toList());
    }
}
