package io.m300.harness.support.network;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.InternetGatewayAttachment;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.NetworkAclAssociation;
import software.amazon.awssdk.services.ec2.model.NetworkAclEntry;
import software.amazon.awssdk.services.ec2.model.PortRange;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/** Hand-built EC2 model values for the network tests. */
final class Net {

    static final String VPC = "vpc-1";

    private Net() {}

    static Subnet subnet(String id, String cidr) {
        return Subnet.builder().subnetId(id).vpcId(VPC).cidrBlock(cidr).build();
    }

    static InternetGateway igw(String id) {
        return InternetGateway.builder()
                .internetGatewayId(id)
                .attachments(InternetGatewayAttachment.builder()
                        .vpcId(VPC)
                        .state("available")
                        .build())
                .build();
    }

    static InternetGateway detachedIgw(String id) {
        return InternetGateway.builder().internetGatewayId(id).build();
    }

    static Route local() {
        return Route.builder()
                .destinationCidrBlock("10.0.0.0/16")
                .gatewayId("local")
                .state("active")
                .build();
    }

    static Route toIgw(String cidr, String igw) {
        return Route.builder()
                .destinationCidrBlock(cidr)
                .gatewayId(igw)
                .state("active")
                .build();
    }

    static Route toIgwV6(String cidr, String igw) {
        return Route.builder()
                .destinationIpv6CidrBlock(cidr)
                .gatewayId(igw)
                .state("active")
                .build();
    }

    static RouteTable mainTable(String id, Route... routes) {
        return RouteTable.builder()
                .routeTableId(id)
                .vpcId(VPC)
                .routes(routes)
                .associations(RouteTableAssociation.builder()
                        .main(true)
                        .routeTableAssociationId(id + "-main")
                        .build())
                .build();
    }

    static RouteTable table(String id, List<String> subnets, Route... routes) {
        List<RouteTableAssociation> assoc = new ArrayList<>();
        for (String s : subnets) {
            assoc.add(RouteTableAssociation.builder().main(false).subnetId(s).build());
        }
        return RouteTable.builder()
                .routeTableId(id)
                .vpcId(VPC)
                .routes(routes)
                .associations(assoc)
                .build();
    }

    static NetworkAclEntry in(int rule, String action, String protocol, Integer from, Integer to, String cidr) {
        return entry(false, rule, action, protocol, from, to, cidr);
    }

    static NetworkAclEntry out(int rule, String action, String protocol, Integer from, Integer to, String cidr) {
        return entry(true, rule, action, protocol, from, to, cidr);
    }

    static NetworkAclEntry entry(
            boolean egress, int rule, String action, String protocol, Integer from, Integer to, String cidr) {
        NetworkAclEntry.Builder b = NetworkAclEntry.builder()
                .egress(egress)
                .ruleNumber(rule)
                .ruleAction(action)
                .protocol(protocol);
        if (cidr.contains(":")) {
            b.ipv6CidrBlock(cidr);
        } else {
            b.cidrBlock(cidr);
        }
        if (from != null) {
            b.portRange(PortRange.builder().from(from).to(to).build());
        }
        return b.build();
    }

    /** An ACL as AWS makes it: the given entries plus the final "*" deny entries in both directions. */
    static NetworkAcl acl(String id, boolean isDefault, List<String> subnets, NetworkAclEntry... entries) {
        List<NetworkAclEntry> all = new ArrayList<>(List.of(entries));
        all.add(in(32767, "deny", "-1", null, null, "0.0.0.0/0"));
        all.add(out(32767, "deny", "-1", null, null, "0.0.0.0/0"));
        List<NetworkAclAssociation> assoc = new ArrayList<>();
        for (String s : subnets) {
            assoc.add(
                    NetworkAclAssociation.builder().networkAclId(id).subnetId(s).build());
        }
        return NetworkAcl.builder()
                .networkAclId(id)
                .vpcId(VPC)
                .isDefault(isDefault)
                .entries(all)
                .associations(assoc)
                .build();
    }

    /** The default ACL as AWS creates it: allow everything both ways. */
    static NetworkAcl openDefaultAcl(String id) {
        return acl(
                id,
                true,
                List.of(),
                in(100, "allow", "-1", null, null, "0.0.0.0/0"),
                out(100, "allow", "-1", null, null, "0.0.0.0/0"));
    }

    static IpPermission tcpFromCidr(int from, int to, String... cidrs) {
        IpPermission.Builder b =
                IpPermission.builder().ipProtocol("tcp").fromPort(from).toPort(to);
        List<IpRange> v4 = new ArrayList<>();
        List<Ipv6Range> v6 = new ArrayList<>();
        for (String c : cidrs) {
            if (c.contains(":")) {
                v6.add(Ipv6Range.builder().cidrIpv6(c).build());
            } else {
                v4.add(IpRange.builder().cidrIp(c).build());
            }
        }
        return b.ipRanges(v4).ipv6Ranges(v6).build();
    }

    static IpPermission tcpFromGroup(int from, int to, String groupId) {
        return IpPermission.builder()
                .ipProtocol("tcp")
                .fromPort(from)
                .toPort(to)
                .userIdGroupPairs(UserIdGroupPair.builder().groupId(groupId).build())
                .build();
    }

    static IpPermission allFromCidr(String cidr) {
        return IpPermission.builder()
                .ipProtocol("-1")
                .ipRanges(IpRange.builder().cidrIp(cidr).build())
                .build();
    }

    static SecurityGroup sg(String id, String name, IpPermission... ingress) {
        return SecurityGroup.builder()
                .groupId(id)
                .groupName(name)
                .vpcId(VPC)
                .ipPermissions(ingress)
                .build();
    }

    static NetworkSnapshot snapshot(
            List<Subnet> subnets,
            List<RouteTable> tables,
            List<NetworkAcl> acls,
            List<SecurityGroup> groups,
            List<InternetGateway> igws) {
        return new NetworkSnapshot(VPC, "10.0.0.0/16", subnets, tables, acls, groups, igws);
    }
}
