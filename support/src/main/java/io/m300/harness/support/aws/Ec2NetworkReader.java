package io.m300.harness.support.aws;

import java.util.ArrayList;
import java.util.List;
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
 * EC2 reads of one VPC's network configuration, as the SDK returns them, each through the SDK's
 * paginators: the VPC itself by id; its subnets, route tables, network ACLs and security groups
 * filtered by {@code vpc-id}; the internet gateways by {@code attachment.vpc-id}. The network
 * analyses build their {@code NetworkSnapshot} from these.
 */
public final class Ec2NetworkReader {

    private final Ec2Client ec2;

    /** Reads through the EC2 client of these clients. */
    public Ec2NetworkReader(AwsClients aws) {
        this(aws.ec2());
    }

    public Ec2NetworkReader(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** The VPCs EC2 returns for this id. */
    public List<Vpc> vpcs(String vpcId) {
        List<Vpc> out = new ArrayList<>();
        ec2.describeVpcsPaginator(DescribeVpcsRequest.builder().vpcIds(vpcId).build())
                .vpcs()
                .forEach(out::add);
        return out;
    }

    /** The subnets of the VPC. */
    public List<Subnet> subnets(String vpcId) {
        List<Subnet> out = new ArrayList<>();
        ec2.describeSubnetsPaginator(
                        DescribeSubnetsRequest.builder().filters(byVpc(vpcId)).build())
                .subnets()
                .forEach(out::add);
        return out;
    }

    /** The route tables of the VPC. */
    public List<RouteTable> routeTables(String vpcId) {
        List<RouteTable> out = new ArrayList<>();
        ec2.describeRouteTablesPaginator(DescribeRouteTablesRequest.builder()
                        .filters(byVpc(vpcId))
                        .build())
                .routeTables()
                .forEach(out::add);
        return out;
    }

    /** The network ACLs of the VPC. */
    public List<NetworkAcl> networkAcls(String vpcId) {
        List<NetworkAcl> out = new ArrayList<>();
        ec2.describeNetworkAclsPaginator(DescribeNetworkAclsRequest.builder()
                        .filters(byVpc(vpcId))
                        .build())
                .networkAcls()
                .forEach(out::add);
        return out;
    }

    /** The security groups of the VPC. */
    public List<SecurityGroup> securityGroups(String vpcId) {
        List<SecurityGroup> out = new ArrayList<>();
        ec2.describeSecurityGroupsPaginator(DescribeSecurityGroupsRequest.builder()
                        .filters(byVpc(vpcId))
                        .build())
                .securityGroups()
                .forEach(out::add);
        return out;
    }

    /** The internet gateways with an attachment to the VPC (whatever the attachment's state). */
    public List<InternetGateway> internetGateways(String vpcId) {
        List<InternetGateway> out = new ArrayList<>();
        ec2.describeInternetGatewaysPaginator(DescribeInternetGatewaysRequest.builder()
                        .filters(Filter.builder()
                                .name("attachment.vpc-id")
                                .values(vpcId)
                                .build())
                        .build())
                .internetGateways()
                .forEach(out::add);
        return out;
    }

    private static Filter byVpc(String vpcId) {
        return Filter.builder().name("vpc-id").values(vpcId).build();
    }
}
