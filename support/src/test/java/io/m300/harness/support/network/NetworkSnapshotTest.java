package io.m300.harness.support.network;

import static io.m300.harness.support.network.Net.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.aws.Ec2NetworkReader;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInternetGatewaysRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInternetGatewaysResponse;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkAclsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkAclsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Vpc;

class NetworkSnapshotTest {

    @Test
    void readsEveryPartWithVpcFiltersAndFollowsPages() {
        List<String> filters = new ArrayList<>();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().endsWith("Paginator")) { // let the SDK's own paginator drive the describe calls
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            Object request = args == null || args.length != 1 ? null : args[0];
            if (request instanceof DescribeVpcsRequest r) {
                assertThat(r.vpcIds()).containsExactly(VPC);
                return DescribeVpcsResponse.builder()
                        .vpcs(Vpc.builder().vpcId(VPC).cidrBlock("10.0.0.0/16").build())
                        .build();
            }
            if (request instanceof DescribeSubnetsRequest r) {
                filters.add(text(r.filters()));
                // two pages: the paginator must follow nextToken
                return r.nextToken() == null
                        ? DescribeSubnetsResponse.builder()
                                .subnets(subnet("subnet-a", "10.0.1.0/24"))
                                .nextToken("p2")
                                .build()
                        : DescribeSubnetsResponse.builder()
                                .subnets(subnet("subnet-b", "10.0.2.0/24"))
                                .build();
            }
            if (request instanceof DescribeRouteTablesRequest r) {
                filters.add(text(r.filters()));
                return DescribeRouteTablesResponse.builder()
                        .routeTables(mainTable("rtb-9", local()))
                        .build();
            }
            if (request instanceof DescribeNetworkAclsRequest r) {
                filters.add(text(r.filters()));
                return DescribeNetworkAclsResponse.builder()
                        .networkAcls(openDefaultAcl("acl-3"))
                        .build();
            }
            if (request instanceof DescribeSecurityGroupsRequest r) {
                filters.add(text(r.filters()));
                return DescribeSecurityGroupsResponse.builder()
                        .securityGroups(sg("sg-4", "db"))
                        .build();
            }
            if (request instanceof DescribeInternetGatewaysRequest r) {
                filters.add(text(r.filters()));
                return DescribeInternetGatewaysResponse.builder()
                        .internetGateways(igw("igw-1"))
                        .build();
            }
            if (method.isDefault()) { // the paginators and every other SDK convenience method
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            throw new UnsupportedOperationException(method.toString());
        };
        Ec2Client ec2 = (Ec2Client)
                Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Ec2Client.class}, handler);

        NetworkSnapshot net = NetworkSnapshot.read(new Ec2NetworkReader(ec2), VPC);

        assertThat(net.vpcCidr()).isEqualTo("10.0.0.0/16");
        assertThat(net.subnets()).extracting(s -> s.subnetId()).containsExactly("subnet-a", "subnet-b");
        assertThat(net.routeTables()).hasSize(1);
        assertThat(net.networkAcls()).hasSize(1);
        assertThat(net.securityGroup("sg-4")).isPresent();
        assertThat(net.attachedInternetGateways()).hasSize(1);
        assertThat(filters)
                .containsExactly(
                        "vpc-id=[vpc-1]",
                        "vpc-id=[vpc-1]",
                        "vpc-id=[vpc-1]",
                        "vpc-id=[vpc-1]",
                        "vpc-id=[vpc-1]",
                        "attachment.vpc-id=[vpc-1]");
    }

    @Test
    void lookupsAndDefaults() {
        NetworkSnapshot net = snapshot(
                List.of(subnet("subnet-a", "10.0.1.0/24")),
                List.of(mainTable("rtb-9", local())),
                List.of(openDefaultAcl("acl-def"), acl("acl-x", false, List.of("subnet-a"))),
                List.of(sg("sg-d", "default"), sg("sg-4", "db")),
                List.of(igw("igw-1"), detachedIgw("igw-2")));

        assertThat(net.defaultSecurityGroup()).map(g -> g.groupId()).contains("sg-d");
        assertThat(net.effectiveNetworkAcl("subnet-a"))
                .map(a -> a.networkAclId())
                .contains("acl-x");
        assertThat(net.effectiveNetworkAcl("subnet-other"))
                .map(a -> a.networkAclId())
                .contains("acl-def");
        assertThat(net.attachedInternetGateways())
                .extracting(g -> g.internetGatewayId())
                .containsExactly("igw-1");
        assertThat(net.routeTable("rtb-9")).isPresent();
        assertThat(Map.of("k", net.subnet("subnet-a").isPresent())).containsEntry("k", true);
    }

    private static String text(List<Filter> filters) {
        return String.join(
                ",", filters.stream().map(f -> f.name() + "=" + f.values()).toList());
    }
}
