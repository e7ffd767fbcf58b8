package io.m300.harness.support.network;

import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.aws.Ec2NetworkReader;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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

    /** {@link #read(Ec2NetworkReader, String)} through the EC2 client of these clients. */
    public static NetworkSnapshot read(AwsClients aws, String vpcId) {
        return read(new Ec2NetworkReader(aws), vpcId);
    }

    /**
     * Reads the VPC's network configuration: subnets, route tables, network ACLs and security
     * groups filtered by {@code vpc-id}, internet gateways by {@code attachment.vpc-id}, each
     * through the SDK's paginators ({@link Ec2NetworkReader}).
     */
    public static NetworkSnapshot read(Ec2NetworkReader ec2, String vpcId) {
        String cidr = null;
        for (Vpc vpc : ec2.vpcs(vpcId)) {
            if (vpcId.equals(vpc.vpcId())) {
                cidr = vpc.cidrBlock();
            }
        }
        List<Subnet> subnets = ec2.subnets(vpcId);
        List<RouteTable> routeTables = ec2.routeTables(vpcId);
        List<NetworkAcl> acls = ec2.networkAcls(vpcId);
        List<SecurityGroup> groups = ec2.securityGroups(vpcId);
        List<InternetGateway> igws = ec2.internetGateways(vpcId);
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
