package io.m300.harness.support.network;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.NetworkAclEntry;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * Can the internet reach a destination? Computed from the VPC's configuration alone (no AWS
 * Reachability Analyzer: no emulator has one), for tcp to one port of a target that lives in one
 * or more subnets behind one or more security groups.
 *
 * <p>"The internet" is every public address (see {@link Cidrs}). The analysis carries the set of
 * internet addresses that can still get through from hop to hop, so a rule that admits only a
 * private range, or a deny that shadows an allow, narrows or empties it. For one subnet a path
 * exists only if all of these hold, checked in this order (the first that fails is the blocking
 * hop):
 * <ol>
 *   <li>an internet gateway is attached to the VPC;</li>
 *   <li>the subnet's route table (explicit association, else the main route table) has an active
 *       route to an attached internet gateway whose destination covers public addresses (so
 *       return traffic can leave);</li>
 *   <li>the target has a public address (for RDS: {@code PubliclyAccessible});</li>
 *   <li>the subnet's network ACL (explicit association, else the VPC's default one), evaluated in
 *       rule-number order with allow, deny and the final implicit deny, allows inbound tcp to the
 *       port from some of those addresses, and outbound tcp to some ephemeral port 1024-65535
 *       back to them;</li>
 *   <li>one of the target's security groups has an ingress rule for tcp (or all traffic)
 *       covering the port whose source CIDR contains some of those addresses. A rule that
 *       references another security group or a private CIDR does not admit the internet.</li>
 * </ol>
 * Where the configuration is unknown the analysis errs towards "reachable", and says so: a
 * subnet with no network ACL in the snapshot is treated as allowing everything, a route to a
 * prefix list or a rule from a prefix list as covering public addresses. More specific routes to
 * other targets (longest-prefix match) are not subtracted. A subnet or security group that the
 * snapshot does not hold is an error ({@link IllegalArgumentException}), never a "no".
 */
public final class ReachabilityAnalysis {

    static final int EPHEMERAL_FROM = 1024;
    static final int EPHEMERAL_TO = 65535;

    private ReachabilityAnalysis() {}

    /**
     * The destination: described in words (e.g. {@code "db"}), its subnets, its security groups,
     * its tcp port, and whether it has a public address.
     */
    public record Target(
            String description,
            List<String> subnetIds,
            List<String> securityGroupIds,
            int port,
            boolean hasPublicAddress) {

        public Target {
            Objects.requireNonNull(description, "description");
            subnetIds = subnetIds == null ? List.of() : List.copyOf(subnetIds);
            securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }
    }

    private record Verdict(String subnetId, boolean reachable, List<String> path, String blockedBy) {}

    /** Whether any public address can open a tcp connection to the target's port, and why (not). */
    public static Reachability fromInternet(NetworkSnapshot net, Target target) {
        List<String> explanation = new ArrayList<>();
        explanation.add("Question: can the internet (any public address) open tcp/" + target.port() + " to "
                + target.description() + " in " + net.vpcId() + " (subnets " + listOrNone(target.subnetIds())
                + ", security groups " + listOrNone(target.securityGroupIds()) + ", "
                + (target.hasPublicAddress() ? "with" : "without") + " a public address)?");
        for (String sgId : target.securityGroupIds()) {
            if (net.securityGroup(sgId).isEmpty()) {
                throw new IllegalArgumentException("security group " + sgId + " of " + target.description()
                        + " is not in the snapshot of " + net.vpcId());
            }
        }
        if (target.subnetIds().isEmpty()) {
            String block = target.description() + " has no subnet";
            explanation.add("No subnet to reach: " + block);
            return new Reachability(false, List.of(), block, explanation);
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (String subnetId : target.subnetIds()) {
            if (net.subnet(subnetId).isEmpty()) {
                throw new IllegalArgumentException("subnet " + subnetId + " of " + target.description()
                        + " is not in the snapshot of " + net.vpcId());
            }
            List<String> notes = new ArrayList<>();
            Verdict v = analyseSubnet(net, target, subnetId, notes);
            verdicts.add(v);
            String line = v.reachable()
                    ? subnetId + ": reachable via " + String.join(" -> ", v.path())
                    : subnetId + ": blocked by " + v.blockedBy();
            if (!notes.isEmpty()) {
                line += " (" + String.join("; ", notes) + ")";
            }
            explanation.add(line);
        }
        Optional<Verdict> open = verdicts.stream().filter(Verdict::reachable).findFirst();
        if (open.isPresent()) {
            return new Reachability(true, open.get().path(), "", explanation);
        }
        Set<String> blocks = new LinkedHashSet<>();
        verdicts.forEach(v -> blocks.add(v.blockedBy()));
        return new Reachability(false, List.of(), String.join("; ", blocks), explanation);
    }

    private static Verdict analyseSubnet(NetworkSnapshot net, Target target, String subnetId, List<String> notes) {
        List<String> path = new ArrayList<>();
        path.add("internet");
        AddressSet sources = AddressSet.publicInternet();

        // 1. internet gateway
        List<InternetGateway> attached = net.attachedInternetGateways();
        if (attached.isEmpty()) {
            String detached = net.internetGateways().stream()
                    .map(InternetGateway::internetGatewayId)
                    .reduce((a, b) -> a + ", " + b)
                    .map(ids -> " (" + ids + " not attached)")
                    .orElse("");
            return blocked(subnetId, "no internet gateway is attached to " + net.vpcId() + detached);
        }
        Set<String> attachedIds = new TreeSet<>();
        attached.forEach(g -> attachedIds.add(g.internetGatewayId()));

        // 2. route table
        RouteTable table = RouteAnalysis.effectiveRouteTable(net, subnetId);
        if (table == null) {
            return blocked(
                    subnetId,
                    subnetId + " has no route table (no explicit association and no main route table in " + net.vpcId()
                            + ")");
        }
        String tableLabel = RouteAnalysis.describeTable(net, table, subnetId);
        AddressSet routed = AddressSet.empty();
        Route witness = null;
        List<String> unusable = new ArrayList<>();
        List<String> privateOnly = new ArrayList<>();
        for (Route route : table.routes()) {
            if (!RouteAnalysis.isInternetGatewayRoute(route)) {
                continue;
            }
            String text = RouteAnalysis.destination(route) + " -> " + route.gatewayId();
            if ("blackhole".equals(route.stateAsString()) || !attachedIds.contains(route.gatewayId())) {
                unusable.add(text
                        + ("blackhole".equals(route.stateAsString()) ? " (blackhole)" : " (gateway not attached)"));
                continue;
            }
            AddressSet dest = routeDestination(route, notes);
            AddressSet reached = sources.intersect(dest);
            if (reached.isEmpty()) {
                privateOnly.add(text);
                continue;
            }
            routed = routed.union(reached);
            if (witness == null) {
                witness = route;
            }
        }
        if (witness == null) {
            String why = tableLabel + " has no route to an internet gateway";
            if (!privateOnly.isEmpty()) {
                why = tableLabel + " routes only private destinations to an internet gateway ("
                        + String.join(", ", privateOnly) + ")";
            } else if (!unusable.isEmpty()) {
                why += " that works (" + String.join(", ", unusable) + ")";
            }
            return blocked(subnetId, why);
        }
        sources = routed;
        path.add(witness.gatewayId() + " (attached to " + net.vpcId() + ")");
        path.add(table.routeTableId() + ": " + RouteAnalysis.destination(witness) + " -> " + witness.gatewayId() + " ("
                + subnetId + ")");

        // 3. public address
        if (!target.hasPublicAddress()) {
            return blocked(subnetId, target.description() + " has no public address (not publicly accessible)");
        }

        // 4. network ACL, both directions
        Optional<NetworkAcl> maybeAcl = net.effectiveNetworkAcl(subnetId);
        if (maybeAcl.isEmpty()) {
            notes.add("no network ACL of " + subnetId + " in the snapshot: treated as allowing everything");
        } else {
            NetworkAcl acl = maybeAcl.get();
            String aclLabel = acl.networkAclId()
                    + (net.hasExplicitNetworkAcl(subnetId)
                            ? " (explicitly associated with " + subnetId + ")"
                            : " (default network ACL of " + subnetId + ")");
            AclResult in = evaluateAcl(acl, false, sources, target.port(), target.port());
            if (in.allowed().isEmpty()) {
                return blocked(
                        subnetId,
                        aclLabel + " blocks inbound tcp/" + target.port() + " from the internet: "
                                + String.join(", ", in.decisions()));
            }
            AclResult out = null;
            AddressSet returned = AddressSet.empty();
            for (int[] segment : ephemeralSegments(acl)) {
                AclResult r = evaluateAcl(acl, true, in.allowed(), segment[0], segment[1]);
                if (!r.allowed().isEmpty()) {
                    returned = returned.union(r.allowed());
                    if (out == null) {
                        out = r;
                    }
                }
            }
            if (out == null) {
                AclResult r = evaluateAcl(acl, true, in.allowed(), EPHEMERAL_FROM, EPHEMERAL_FROM);
                return blocked(
                        subnetId,
                        aclLabel + " blocks the return traffic: no outbound rule lets tcp/"
                                + EPHEMERAL_FROM + "-" + EPHEMERAL_TO + " back to the internet ("
                                + String.join(", ", r.decisions()) + ")");
            }
            sources = returned;
            path.add(acl.networkAclId() + ": " + in.witness() + "; outbound " + out.witness() + " (return traffic)");
        }

        // 5. security groups
        if (target.securityGroupIds().isEmpty()) {
            return blocked(subnetId, target.description() + " has no security group");
        }
        for (String sgId : target.securityGroupIds()) {
            SecurityGroup sg = net.securityGroup(sgId).orElseThrow();
            for (SecurityGroupRules.Rule rule : SecurityGroupRules.ingress(sg)) {
                if (!rule.coversTcpPort(target.port())) {
                    continue;
                }
                AddressSet admitted;
                if (rule.isCidr()) {
                    admitted = AddressSet.cidr(rule.source());
                } else if (rule.isPrefixList()) {
                    notes.add("prefix list " + rule.source() + " of " + sgId + " assumed to contain public addresses");
                    admitted = AddressSet.publicInternet();
                } else {
                    continue; // a security group reference never admits the internet
                }
                if (sources.overlaps(admitted)) {
                    path.add(sgId + ": " + rule);
                    path.add(target.description() + " (port " + target.port() + ")");
                    return new Verdict(subnetId, true, path, "");
                }
            }
        }
        List<String> rules = new ArrayList<>();
        for (String sgId : target.securityGroupIds()) {
            SecurityGroup sg = net.securityGroup(sgId).orElseThrow();
            List<String> described = SecurityGroupRules.describeIngress(sg);
            rules.add(sgId + " admits " + (described.isEmpty() ? "nothing" : String.join(", ", described)));
        }
        return blocked(
                subnetId,
                "no ingress rule of " + String.join(", ", target.securityGroupIds()) + " admits tcp/" + target.port()
                        + " from the internet (" + String.join("; ", rules) + ")");
    }

    private static Verdict blocked(String subnetId, String why) {
        return new Verdict(subnetId, false, List.of(), why);
    }

    private static AddressSet routeDestination(Route route, List<String> notes) {
        if (route.destinationCidrBlock() != null) {
            return AddressSet.cidr(route.destinationCidrBlock());
        }
        if (route.destinationIpv6CidrBlock() != null) {
            return AddressSet.cidr(route.destinationIpv6CidrBlock());
        }
        if (route.destinationPrefixListId() != null) {
            notes.add("route to prefix list " + route.destinationPrefixListId() + " assumed to cover public addresses");
            return AddressSet.publicInternet();
        }
        return AddressSet.empty();
    }

    /** The result of one direction of a network ACL: the addresses let through, the first allow, the rules that decided. */
    record AclResult(AddressSet allowed, String witness, List<String> decisions) {}

    /**
     * Evaluates the ACL for tcp on ports {@code [fromPort, toPort]} (a range no rule boundary splits)
     * from/to {@code candidates}: rules in number order, the first that matches an address decides
     * it, and what no rule matches is denied.
     */
    static AclResult evaluateAcl(NetworkAcl acl, boolean egress, AddressSet candidates, int fromPort, int toPort) {
        List<NetworkAclEntry> entries = new ArrayList<>(acl.entries().stream()
                .filter(e -> Boolean.TRUE.equals(e.egress()) == egress)
                .toList());
        entries.sort(Comparator.comparing(e -> e.ruleNumber() == null ? Integer.MAX_VALUE : e.ruleNumber()));
        AddressSet remaining = candidates;
        AddressSet allowed = AddressSet.empty();
        String witness = null;
        List<String> decisions = new ArrayList<>();
        for (NetworkAclEntry entry : entries) {
            if (remaining.isEmpty()) {
                break;
            }
            if (!aclEntryCoversTcp(entry, fromPort, toPort)) {
                continue;
            }
            String cidr = entry.cidrBlock() != null ? entry.cidrBlock() : entry.ipv6CidrBlock();
            if (cidr == null) {
                continue;
            }
            AddressSet hit = remaining.intersect(AddressSet.cidr(cidr));
            if (hit.isEmpty()) {
                continue;
            }
            boolean allow = "allow".equalsIgnoreCase(entry.ruleActionAsString());
            String text = describeAclEntry(entry, egress);
            if (allow) {
                allowed = allowed.union(hit);
                if (witness == null) {
                    witness = text;
                }
            }
            decisions.add(text);
            remaining = remaining.minus(hit);
        }
        if (!remaining.isEmpty()) {
            decisions.add("the implicit final rule denies the rest");
        }
        return new AclResult(allowed, witness, decisions);
    }

    static boolean aclEntryCoversTcp(NetworkAclEntry entry, int fromPort, int toPort) {
        String protocol = SecurityGroupRules.protocol(entry.protocol());
        if ("all".equals(protocol)) {
            return true;
        }
        if (!"tcp".equals(protocol)) {
            return false;
        }
        if (entry.portRange() == null || entry.portRange().from() == null) {
            return true;
        }
        int from = entry.portRange().from();
        int to = entry.portRange().to() == null ? from : entry.portRange().to();
        return from <= fromPort && toPort <= to;
    }

    /** {@code "rule 100 allows tcp/3306 from 0.0.0.0/0"}, {@code "rule * denies all traffic to ::/0"}. */
    static String describeAclEntry(NetworkAclEntry entry, boolean egress) {
        String number =
                entry.ruleNumber() == null || entry.ruleNumber() == 32767 ? "*" : String.valueOf(entry.ruleNumber());
        String action = "allow".equalsIgnoreCase(entry.ruleActionAsString()) ? "allows" : "denies";
        String protocol = SecurityGroupRules.protocol(entry.protocol());
        String ports;
        if ("all".equals(protocol)) {
            ports = "all traffic";
        } else if (entry.portRange() == null || entry.portRange().from() == null) {
            ports = protocol + "/all ports";
        } else {
            int from = entry.portRange().from();
            int to = entry.portRange().to() == null ? from : entry.portRange().to();
            ports = protocol + "/" + (from == to ? String.valueOf(from) : from + "-" + to);
        }
        String cidr = entry.cidrBlock() != null ? entry.cidrBlock() : entry.ipv6CidrBlock();
        return "rule " + number + " " + action + " " + ports + (egress ? " to " : " from ") + cidr;
    }

    /** The ephemeral port range cut at every outbound tcp rule boundary, so no rule half-covers a piece. */
    private static List<int[]> ephemeralSegments(NetworkAcl acl) {
        TreeSet<Integer> cuts = new TreeSet<>();
        cuts.add(EPHEMERAL_FROM);
        cuts.add(EPHEMERAL_TO + 1);
        for (NetworkAclEntry e : acl.entries()) {
            if (!Boolean.TRUE.equals(e.egress())
                    || e.portRange() == null
                    || e.portRange().from() == null) {
                continue;
            }
            int from = e.portRange().from();
            int to = e.portRange().to() == null ? from : e.portRange().to();
            if (from > EPHEMERAL_FROM && from <= EPHEMERAL_TO) {
                cuts.add(from);
            }
            if (to + 1 > EPHEMERAL_FROM && to + 1 <= EPHEMERAL_TO) {
                cuts.add(to + 1);
            }
        }
        List<int[]> segments = new ArrayList<>();
        Integer previous = null;
        for (Integer cut : cuts) {
            if (previous != null) {
                segments.add(new int[] {previous, cut - 1});
            }
            previous = cut;
        }
        return segments;
    }

    private static String listOrNone(List<String> ids) {
        return ids.isEmpty() ? "none" : String.join(", ", ids);
    }
}
