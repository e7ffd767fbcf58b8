package io.m300.harness.support.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;

/** Which route table governs a subnet, and whether it routes anything to an internet gateway (NET-01, NET-06). */
public final class RouteAnalysis {

    private RouteAnalysis() {}

    /**
     * The route table that governs a subnet: the one explicitly associated with it, else the
     * VPC's main route table; {@code null} when the snapshot holds neither.
     */
    public static RouteTable effectiveRouteTable(NetworkSnapshot net, String subnetId) {
        for (RouteTable table : net.routeTables()) {
            if (table.associations().stream().anyMatch(a -> Objects.equals(subnetId, a.subnetId()))) {
                return table;
            }
        }
        for (RouteTable table : net.routeTables()) {
            boolean inVpc = table.vpcId() == null || net.vpcId().equals(table.vpcId());
            if (inVpc && table.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main()))) {
                return table;
            }
        }
        return null;
    }

    /** True when the subnet's route table comes from an explicit association (not the main table). */
    public static boolean isExplicitlyAssociated(NetworkSnapshot net, String subnetId) {
        return net.routeTables().stream()
                .anyMatch(t -> t.associations().stream().anyMatch(a -> Objects.equals(subnetId, a.subnetId())));
    }

    /**
     * Every route of the subnet's effective route table whose target is an internet gateway
     * ({@code igw-...}), whatever its destination and state, described as e.g.
     * {@code "rtb-2 (explicitly associated with subnet-a): 0.0.0.0/0 -> igw-1"}. Empty means none:
     * what NET-06 requires of a private subnet. A subnet without any route table yields one
     * entry-free answer as well (it routes nowhere).
     */
    public static List<String> routesToInternetGateway(NetworkSnapshot net, String subnetId) {
        RouteTable table = effectiveRouteTable(net, subnetId);
        List<String> out = new ArrayList<>();
        if (table == null) {
            return out;
        }
        String label = describeTable(net, table, subnetId);
        for (Route route : table.routes()) {
            if (isInternetGatewayRoute(route)) {
                String state = "blackhole".equals(route.stateAsString()) ? " (blackhole)" : "";
                out.add(label + ": " + destination(route) + " -> " + route.gatewayId() + state);
            }
        }
        return out;
    }

    /** {@code "rtb-9 (main route table of subnet-b)"} or {@code "rtb-2 (explicitly associated with subnet-a)"}. */
    public static String describeTable(NetworkSnapshot net, RouteTable table, String subnetId) {
        return table.routeTableId()
                + (isExplicitlyAssociated(net, subnetId)
                        ? " (explicitly associated with " + subnetId + ")"
                        : " (main route table of " + subnetId + ")");
    }

    static boolean isInternetGatewayRoute(Route route) {
        return route.gatewayId() != null && route.gatewayId().startsWith("igw-");
    }

    /** The route's destination: its IPv4 or IPv6 CIDR block, or its prefix list. */
    static String destination(Route route) {
        if (route.destinationCidrBlock() != null) {
            return route.destinationCidrBlock();
        }
        if (route.destinationIpv6CidrBlock() != null) {
            return route.destinationIpv6CidrBlock();
        }
        if (route.destinationPrefixListId() != null) {
            return route.destinationPrefixListId();
        }
        return "(no destination)";
    }
}
