package io.m300.harness.support.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.PrefixListId;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/**
 * A security group's rules, flattened to one {@link Rule} per source, and described in words
 * (NET-01..NET-05).
 */
public final class SecurityGroupRules {

    private SecurityGroupRules() {}

    /**
     * One rule: a protocol ({@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6}, {@code all} or
     * a number), a port range ({@code 0-65535} for all ports; for ICMP the type/code as EC2 gives
     * them) and one source (or destination, for egress): a CIDR block, a security group id, or a
     * prefix list id. {@code toString()} reads {@code "tcp/3306 from sg-ecs"}.
     */
    public record Rule(String protocol, int fromPort, int toPort, String source) {

        /** True for a source that is a CIDR block (not a group or a prefix list). */
        public boolean isCidr() {
            return source != null && source.contains("/");
        }

        public boolean isSecurityGroup() {
            return source != null && source.startsWith("sg-");
        }

        public boolean isPrefixList() {
            return source != null && source.startsWith("pl-");
        }

        /** True when the source is {@code 0.0.0.0/0} or {@code ::/0}. */
        public boolean isWorldOpen() {
            return isCidr() && Cidrs.isWholeInternet(source);
        }

        /** True when this rule carries tcp traffic to {@code port} (protocol tcp or all). */
        public boolean coversTcpPort(int port) {
            return ("tcp".equals(protocol) || "all".equals(protocol)) && fromPort <= port && port <= toPort;
        }

        /** {@code "tcp/3306"}, {@code "tcp/1024-65535"}, {@code "all traffic"}. */
        public String portText() {
            if ("all".equals(protocol)) {
                return "all traffic";
            }
            if (("tcp".equals(protocol) || "udp".equals(protocol)) && fromPort == 0 && toPort == 65535) {
                return protocol + "/all ports";
            }
            return protocol + "/" + (fromPort == toPort ? String.valueOf(fromPort) : fromPort + "-" + toPort);
        }

        @Override
        public String toString() {
            return portText() + " from " + source;
        }

        /** The same rule, worded for egress: {@code "tcp/443 to 0.0.0.0/0"}. */
        public String toEgressString() {
            return portText() + " to " + source;
        }
    }

    /** The group's ingress rules, one per source. */
    public static List<Rule> ingress(SecurityGroup sg) {
        return flatten(sg.ipPermissions());
    }

    /** The group's egress rules, one per destination. */
    public static List<Rule> egress(SecurityGroup sg) {
        return flatten(sg.ipPermissionsEgress());
    }

    /** Ingress rules that admit {@code 0.0.0.0/0} or {@code ::/0}, e.g. {@code "sg-4 (db): tcp/3306 from 0.0.0.0/0"}. */
    public static List<String> worldOpenIngress(SecurityGroup sg) {
        return ingress(sg).stream()
                .filter(Rule::isWorldOpen)
                .map(r -> label(sg) + ": " + r)
                .toList();
    }

    /** Every ingress rule in words, e.g. {@code "tcp/3306 from sg-ecs"}. */
    public static List<String> describeIngress(SecurityGroup sg) {
        return ingress(sg).stream().map(Rule::toString).toList();
    }

    /** Every egress rule in words, e.g. {@code "all traffic to 0.0.0.0/0"}. */
    public static List<String> describeEgress(SecurityGroup sg) {
        return egress(sg).stream().map(Rule::toEgressString).toList();
    }

    /** {@code "sg-4 (db)"}: the group id with its name. */
    public static String label(SecurityGroup sg) {
        return sg.groupName() == null ? sg.groupId() : sg.groupId() + " (" + sg.groupName() + ")";
    }

    private static List<Rule> flatten(List<IpPermission> permissions) {
        List<Rule> rules = new ArrayList<>();
        for (IpPermission p : permissions) {
            String protocol = protocol(p.ipProtocol());
            int from;
            int to;
            if ("all".equals(protocol)
                    || (("tcp".equals(protocol) || "udp".equals(protocol))
                            && (p.fromPort() == null || p.fromPort() < 0))) {
                from = 0;
                to = 65535;
            } else {
                from = p.fromPort() == null ? -1 : p.fromPort();
                to = p.toPort() == null ? from : p.toPort();
            }
            for (IpRange r : p.ipRanges()) {
                rules.add(new Rule(protocol, from, to, r.cidrIp()));
            }
            for (Ipv6Range r : p.ipv6Ranges()) {
                rules.add(new Rule(protocol, from, to, r.cidrIpv6()));
            }
            for (UserIdGroupPair g : p.userIdGroupPairs()) {
                rules.add(new Rule(protocol, from, to, g.groupId() != null ? g.groupId() : g.groupName()));
            }
            for (PrefixListId pl : p.prefixListIds()) {
                rules.add(new Rule(protocol, from, to, pl.prefixListId()));
            }
        }
        return rules;
    }

    /** EC2 protocol names and numbers to one spelling: -1 -> all, 6 -> tcp, 17 -> udp, 1 -> icmp, 58 -> icmpv6. */
    static String protocol(String raw) {
        if (raw == null) {
            return "all";
        }
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "-1", "all" -> "all";
            case "6", "tcp" -> "tcp";
            case "17", "udp" -> "udp";
            case "1", "icmp" -> "icmp";
            case "58", "icmpv6" -> "icmpv6";
            default -> raw;
        };
    }

    /**
     * What keeps a group from admitting exactly "tcp/{@code port} from group {@code sourceGroup}"
     * (NET-02, NET-03): every other rule, and the absence of that one. Empty means the group admits
     * only that tier on that port.
     */
    public static List<String> onlyTcpPortFromGroup(List<Rule> ingress, int port, String sourceGroup) {
        List<String> problems = new ArrayList<>();
        boolean found = false;
        for (Rule r : ingress) {
            boolean tcp = "tcp".equals(r.protocol()) || "6".equals(r.protocol());
            if (tcp && r.fromPort() == port && r.toPort() == port && sourceGroup.equals(r.source())) {
                found = true;
            } else {
                problems.add("unexpected ingress rule " + r);
            }
        }
        if (!found) {
            problems.add("no ingress rule tcp/" + port + " from " + sourceGroup);
        }
        return problems;
    }
}
