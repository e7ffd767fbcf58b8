package io.m300.harness.support.aws.types;

import static io.m300.harness.support.aws.types.Deleter.of;

import io.m300.harness.support.stack.TaggedResources.Found;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * The network, from the outside in: Reachability Analyzer paths, NAT gateways and their addresses,
 * flow logs, endpoints, security groups (rules first, so that groups that reference each other can
 * go in any order), free network interfaces, subnets, route tables, internet
 * gateways, VPCs. Groups, subnets, route tables and gateways of a run's VPC go with it, tagged or not.
 */
final class NetworkDeleter implements Deleter {

    @Override
    public Set<Kind> kinds() {
        return Set.of(
                Kinds.INSIGHTS_ANALYSIS,
                Kinds.INSIGHTS_PATH,
                Kinds.NAT_GATEWAY,
                Kinds.ELASTIC_IP,
                Kinds.FLOW_LOG,
                Kinds.VPC_ENDPOINT,
                Kinds.SECURITY_GROUP,
                Kinds.SECURITY_GROUP_RULE,
                Kinds.NETWORK_INTERFACE,
                Kinds.SUBNET,
                Kinds.ROUTE_TABLE,
                Kinds.INTERNET_GATEWAY,
                Kinds.VPC);
    }

    @Override
    public void delete(Book d, List<Found> items) {
        d.guarded("ec2", () -> network(d, items));
    }

    private static void network(Book d, List<Found> items) {
        var ec2 = d.aws().ec2();
        for (String id : of(items, Kinds.INSIGHTS_ANALYSIS)) {
            d.delete(
                    "network insights analysis " + id,
                    () -> ec2.deleteNetworkInsightsAnalysis(r -> r.networkInsightsAnalysisId(id)));
        }
        for (String id : of(items, Kinds.INSIGHTS_PATH)) {
            d.delete(
                    "network insights path " + id,
                    () -> ec2.deleteNetworkInsightsPath(r -> r.networkInsightsPathId(id)));
        }
        List<String> nats = of(items, Kinds.NAT_GATEWAY);
        if (!nats.isEmpty()) {
            for (var nat : ec2.describeNatGatewaysPaginator(r -> r.filter(f("nat-gateway-id", nats)))
                    .natGateways()) {
                String state = nat.stateAsString();
                if ("deleted".equals(state)) {
                    continue;
                }
                if (!"deleting".equals(state)) {
                    d.delete(
                            "NAT gateway " + nat.natGatewayId(),
                            () -> ec2.deleteNatGateway(r -> r.natGatewayId(nat.natGatewayId())));
                }
                d.pending("NAT gateway " + nat.natGatewayId() + " (deleting)");
            }
        }
        List<String> eips = of(items, Kinds.ELASTIC_IP);
        if (!eips.isEmpty()) {
            for (var address : ec2.describeAddresses(r -> r.filters(f("allocation-id", eips)))
                    .addresses()) {
                d.delete("Elastic IP " + address.allocationId(), () -> {
                    if (address.associationId() != null) {
                        ec2.disassociateAddress(r -> r.associationId(address.associationId()));
                    }
                    ec2.releaseAddress(r -> r.allocationId(address.allocationId()));
                });
            }
        }
        List<String> flowLogs = of(items, Kinds.FLOW_LOG);
        if (!flowLogs.isEmpty()) {
            d.delete("flow log(s) " + flowLogs, () -> ec2.deleteFlowLogs(r -> r.flowLogIds(flowLogs)));
        }
        for (String id : of(items, Kinds.VPC_ENDPOINT)) {
            d.delete("VPC endpoint " + id, () -> ec2.deleteVpcEndpoints(r -> r.vpcEndpointIds(id)));
        }
        List<String> vpcIds = of(items, Kinds.VPC);
        // Security groups: tagged, or in a tagged VPC. Rules first, so that groups that reference
        // each other can then be deleted in any order.
        Map<String, SecurityGroup> groups = new LinkedHashMap<>();
        List<String> taggedGroups = of(items, Kinds.SECURITY_GROUP);
        if (!taggedGroups.isEmpty()) {
            ec2.describeSecurityGroupsPaginator(r -> r.filters(f("group-id", taggedGroups)))
                    .securityGroups()
                    .forEach(g -> groups.put(g.groupId(), g));
        }
        if (!vpcIds.isEmpty()) {
            ec2.describeSecurityGroupsPaginator(r -> r.filters(f("vpc-id", vpcIds)))
                    .securityGroups()
                    .forEach(g -> groups.put(g.groupId(), g));
        }
        for (SecurityGroup g : groups.values()) {
            if (!g.ipPermissions().isEmpty()) {
                d.delete(
                        "ingress rules of " + g.groupId(),
                        () -> ec2.revokeSecurityGroupIngress(
                                r -> r.groupId(g.groupId()).ipPermissions(withoutNulls(g.ipPermissions()))));
            }
            if (!g.ipPermissionsEgress().isEmpty() && !"default".equals(g.groupName())) {
                d.delete(
                        "egress rules of " + g.groupId(),
                        () -> ec2.revokeSecurityGroupEgress(
                                r -> r.groupId(g.groupId()).ipPermissions(withoutNulls(g.ipPermissionsEgress()))));
            }
        }
        for (SecurityGroup g : groups.values()) {
            if (!"default".equals(g.groupName())) {
                d.delete(
                        "security group " + g.groupId() + " (" + g.groupName() + ")",
                        () -> ec2.deleteSecurityGroup(r -> r.groupId(g.groupId())));
            }
        }
        List<String> enis = of(items, Kinds.NETWORK_INTERFACE);
        if (!enis.isEmpty()) {
            for (var ni : ec2.describeNetworkInterfacesPaginator(r -> r.filters(f("network-interface-id", enis)))
                    .networkInterfaces()) {
                if ("available".equals(ni.statusAsString())) {
                    d.delete(
                            "network interface " + ni.networkInterfaceId(),
                            () -> ec2.deleteNetworkInterface(r -> r.networkInterfaceId(ni.networkInterfaceId())));
                }
            }
        }
        Set<String> subnets = new LinkedHashSet<>(of(items, Kinds.SUBNET));
        if (!vpcIds.isEmpty()) {
            ec2.describeSubnetsPaginator(r -> r.filters(f("vpc-id", vpcIds)))
                    .subnets()
                    .forEach(s -> subnets.add(s.subnetId()));
        }
        for (String subnet : subnets) {
            d.delete("subnet " + subnet, () -> ec2.deleteSubnet(r -> r.subnetId(subnet)));
        }
        Map<String, RouteTable> tables = new LinkedHashMap<>();
        List<String> taggedTables = of(items, Kinds.ROUTE_TABLE);
        if (!taggedTables.isEmpty()) {
            ec2.describeRouteTablesPaginator(r -> r.filters(f("route-table-id", taggedTables)))
                    .routeTables()
                    .forEach(t -> tables.put(t.routeTableId(), t));
        }
        if (!vpcIds.isEmpty()) {
            ec2.describeRouteTablesPaginator(r -> r.filters(f("vpc-id", vpcIds)))
                    .routeTables()
                    .forEach(t -> tables.put(t.routeTableId(), t));
        }
        for (var table : tables.values()) {
            if (table.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main()))) {
                continue; // the main route table goes with its VPC
            }
            d.delete("route table " + table.routeTableId(), () -> {
                for (var a : table.associations()) {
                    ec2.disassociateRouteTable(r -> r.associationId(a.routeTableAssociationId()));
                }
                ec2.deleteRouteTable(r -> r.routeTableId(table.routeTableId()));
            });
        }
        Map<String, InternetGateway> igws = new LinkedHashMap<>();
        List<String> taggedIgws = of(items, Kinds.INTERNET_GATEWAY);
        if (!taggedIgws.isEmpty()) {
            ec2.describeInternetGatewaysPaginator(r -> r.filters(f("internet-gateway-id", taggedIgws)))
                    .internetGateways()
                    .forEach(g -> igws.put(g.internetGatewayId(), g));
        }
        if (!vpcIds.isEmpty()) {
            ec2.describeInternetGatewaysPaginator(r -> r.filters(f("attachment.vpc-id", vpcIds)))
                    .internetGateways()
                    .forEach(g -> igws.put(g.internetGatewayId(), g));
        }
        for (var igw : igws.values()) {
            d.delete("internet gateway " + igw.internetGatewayId(), () -> {
                for (var attachment : igw.attachments()) {
                    ec2.detachInternetGateway(
                            r -> r.internetGatewayId(igw.internetGatewayId()).vpcId(attachment.vpcId()));
                }
                ec2.deleteInternetGateway(r -> r.internetGatewayId(igw.internetGatewayId()));
            });
        }
        for (String vpc : vpcIds) {
            d.delete("VPC " + vpc, () -> ec2.deleteVpc(r -> r.vpcId(vpc)));
        }
    }

    static Filter f(String name, Collection<String> values) {
        return Filter.builder().name(name).values(values).build();
    }

    /** Rules as described, made fit to revoke: the SDK rejects empty lists mixed with group pairs. */
    private static List<IpPermission> withoutNulls(List<IpPermission> permissions) {
        return permissions.stream()
                .map(p -> p.toBuilder()
                        .userIdGroupPairs(p.userIdGroupPairs().stream()
                                .map(u -> u.toBuilder().groupName(null).build())
                                .toList())
                        .build())
                .toList();
    }
}
