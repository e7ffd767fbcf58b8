package io.m300.harness.support.network;

import io.m300.harness.support.aws.AwsClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInternetGatewaysRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkAclsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Vpc;

/**
 * Everything of one VPC that decides what can reach what: its subnets, route tables, network
 * ACLs, security groups and the internet gateways attached to it. Read once from EC2 with
 * {@link #read}, or built by hand (with the SDK builders) in tests; the analyses only look at it.
 */
public record NetworkSnapshot(
        String vpcId,
        String vpcCidr,
        List<Subnet> subnets,
        List<RouteTable> routeTables,
        List<NetworkAcl> networkAcls,
        List<SecurityGroup> securityGroups,
        List<InternetGateway> internetGateways) {

    public NetworkSnapshot {
        Objects.requireNonNull(vpcId, "vpcId");
        subnets = subnets == null ? List.of() : List.copyOf(subnets);
        routeTables = routeTables == null ? List.of() : List.copyOf(routeTables);
        networkAcls = networkAcls == null ? List.of() : List.copyOf(networkAcls);
        securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
        internetGateways = internetGateways == null ? List.of() : List.copyOf(internetGateways);
    }

    /**
     * Reads the VPC's network configuration: subnets, route tables, network ACLs and security
     * groups filtered by {@code vpc-id}, internet gateways by {@code attachment.vpc-id}, each
     * through the SDK's paginators.
     */
    /** {@link #read(Ec2Client, String)} through the EC2 client of these clients. */
    public static NetworkSnapshot read(AwsClients aws, String vpcId) {
        return read(aws.ec2(), vpcId);
    }

    public static NetworkSnapshot read(Ec2Client ec2, String vpcId) {
        Filter byVpc = Filter.builder().name("vpc-id").values(vpcId).build();
        Filter byAttachment =
                Filter.builder().name("attachment.vpc-id").values(vpcId).build();

        String cidr = null;
        for (Vpc vpc : ec2.describeVpcsPaginator(
                        DescribeVpcsRequest.builder().vpcIds(vpcId).build())
                .vpcs()) {
            if (vpcId.equals(vpc.vpcId())) {
                cidr = vpc.cidrBlock();
            }
        }
        List<Subnet> subnets = new ArrayList<>();
        ec2.describeSubnetsPaginator(
                        DescribeSubnetsRequest.builder().filters(byVpc).build())
                .subnets()
                .forEach(subnets::add);
        List<RouteTable> routeTables = new ArrayList<>();
        ec2.describeRouteTablesPaginator(
                        DescribeRouteTablesRequest.builder().filters(byVpc).build())
                .routeTables()
                .forEach(routeTables::add);
        List<NetworkAcl> acls = new ArrayList<>();
        ec2.describeNetworkAclsPaginator(
                        DescribeNetworkAclsRequest.builder().filters(byVpc).build())
                .networkAcls()
                .forEach(acls::add);
        List<SecurityGroup> groups = new ArrayList<>();
        ec2.describeSecurityGroupsPaginator(
                        DescribeSecurityGroupsRequest.builder().filters(byVpc).build())
                .securityGroups()
                .forEach(groups::add);
        List<InternetGateway> igws = new ArrayList<>();
        ec2.describeInternetGatewaysPaginator(DescribeInternetGatewaysRequest.builder()
                        .filters(byAttachment)
                        .build())
                .internetGateways()
                .forEach(igws::add);
        return new NetworkSnapshot(vpcId, cidr, subnets, routeTables, acls, groups, igws);
    }

    public Optional<Subnet> subnet(String subnetId) {
        return subnets.stream()
                .filter(s -> Objects.equals(s.subnetId(), subnetId))
                .findFirst();
    }

    public Optional<SecurityGroup> securityGroup(String groupId) {
        return securityGroups.stream()
                .filter(g -> Objects.equals(g.groupId(), groupId))
                .findFirst();
    }

    public Optional<RouteTable> routeTable(String routeTableId) {
        return routeTables.stream()
                .filter(r -> Objects.equals(r.routeTableId(), routeTableId))
                .findFirst();
    }

    /** The VPC's default security group (group name {@code default}), if the snapshot holds it. */
    public Optional<SecurityGroup> defaultSecurityGroup() {
        return securityGroups.stream()
                .filter(g -> "default".equals(g.groupName()))
                .filter(g -> g.vpcId() == null || vpcId.equals(g.vpcId()))
                .findFirst();
    }

    /** Internet gateways of the snapshot attached to this VPC (attachment not detached/detaching). */
    public List<InternetGateway> attachedInternetGateways() {
        return internetGateways.stream().filter(this::isAttached).toList();
    }

    boolean isAttached(InternetGateway igw) {
        return igw.attachments().stream()
                .anyMatch(a -> vpcId.equals(a.vpcId())
                        && !"detached".equals(a.stateAsString())
                        && !"detaching".equals(a.stateAsString()));
    }

    /**
     * The network ACL that governs a subnet: the one explicitly associated with it, else the
     * VPC's default network ACL; empty when the snapshot has neither.
     */
    public Optional<NetworkAcl> effectiveNetworkAcl(String subnetId) {
        for (NetworkAcl acl : networkAcls) {
            if (acl.associations().stream().anyMatch(a -> Objects.equals(subnetId, a.subnetId()))) {
                return Optional.of(acl);
            }
        }
        return networkAcls.stream()
                .filter(a -> Boolean.TRUE.equals(a.isDefault()))
                .filter(a -> a.vpcId() == null || vpcId.equals(a.vpcId()))
                .findFirst();
    }

    /** True when the subnet's network ACL comes from an explicit association. */
    boolean hasExplicitNetworkAcl(String subnetId) {
        return networkAcls.stream()
                .anyMatch(acl -> acl.associations().stream().anyMatch(a -> Objects.equals(subnetId, a.subnetId())));
    }
}
