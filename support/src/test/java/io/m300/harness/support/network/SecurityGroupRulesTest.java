package io.m300.harness.support.network;

import static io.m300.harness.support.network.Net.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.network.SecurityGroupRules.Rule;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.PrefixListId;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

class SecurityGroupRulesTest {

    @Test
    void flattensEverySourceOfEveryPermission() {
        SecurityGroup sg = sg(
                "sg-db",
                "db",
                tcpFromGroup(3306, 3306, "sg-ecs"),
                tcpFromCidr(3306, 3306, "10.0.0.0/16", "::/0"),
                IpPermission.builder()
                        .ipProtocol("tcp")
                        .fromPort(443)
                        .toPort(443)
                        .prefixListIds(
                                PrefixListId.builder().prefixListId("pl-1").build())
                        .build());

        assertThat(SecurityGroupRules.ingress(sg))
                .containsExactly(
                        new Rule("tcp", 3306, 3306, "sg-ecs"),
                        new Rule("tcp", 3306, 3306, "10.0.0.0/16"),
                        new Rule("tcp", 3306, 3306, "::/0"),
                        new Rule("tcp", 443, 443, "pl-1"));
        assertThat(SecurityGroupRules.describeIngress(sg))
                .containsExactly(
                        "tcp/3306 from sg-ecs", "tcp/3306 from 10.0.0.0/16", "tcp/3306 from ::/0", "tcp/443 from pl-1");
    }

    @Test
    void goodDbGroupHasExactlyOneRuleFromTheAppGroup() {
        SecurityGroup good = sg("sg-db", "db", tcpFromGroup(3306, 3306, "sg-ecs"));
        SecurityGroup mutant =
                sg("sg-db", "db", tcpFromGroup(3306, 3306, "sg-ecs"), tcpFromCidr(3306, 3306, "10.0.0.0/16"));

        assertThat(SecurityGroupRules.describeIngress(good)).containsExactly("tcp/3306 from sg-ecs");
        assertThat(SecurityGroupRules.describeIngress(mutant)).hasSize(2).contains("tcp/3306 from 10.0.0.0/16");
    }

    @Test
    void worldOpenIngressFindsV4AndV6ButNotNarrowerRanges() {
        SecurityGroup sg = sg(
                "sg-db",
                "db",
                tcpFromCidr(3306, 3306, "0.0.0.0/0"),
                tcpFromCidr(22, 22, "::/0"),
                tcpFromCidr(443, 443, "203.0.113.0/24", "10.0.0.0/8"));

        assertThat(SecurityGroupRules.worldOpenIngress(sg))
                .containsExactly("sg-db (db): tcp/3306 from 0.0.0.0/0", "sg-db (db): tcp/22 from ::/0");
        assertThat(SecurityGroupRules.worldOpenIngress(sg("sg-db", "db", tcpFromGroup(3306, 3306, "sg-ecs"))))
                .isEmpty();
    }

    @Test
    void allTrafficRulesAndEgressAreDescribed() {
        SecurityGroup def = SecurityGroup.builder()
                .groupId("sg-def")
                .groupName("default")
                .ipPermissions(IpPermission.builder()
                        .ipProtocol("-1")
                        .userIdGroupPairs(b -> b.groupId("sg-def"))
                        .build())
                .ipPermissionsEgress(allFromCidr("0.0.0.0/0"))
                .build();

        assertThat(SecurityGroupRules.ingress(def)).containsExactly(new Rule("all", 0, 65535, "sg-def"));
        assertThat(SecurityGroupRules.describeIngress(def)).containsExactly("all traffic from sg-def");
        assertThat(SecurityGroupRules.describeEgress(def)).containsExactly("all traffic to 0.0.0.0/0");
        assertThat(SecurityGroupRules.describeEgress(sg("sg-x", "x"))).isEmpty();
    }

    @Test
    void portRangesAndProtocolNumbers() {
        SecurityGroup sg = SecurityGroup.builder()
                .groupId("sg-1")
                .ipPermissions(
                        IpPermission.builder()
                                .ipProtocol("6")
                                .fromPort(1024)
                                .toPort(65535)
                                .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build())
                                .build(),
                        IpPermission.builder()
                                .ipProtocol("icmp")
                                .fromPort(8)
                                .toPort(-1)
                                .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build())
                                .build())
                .build();

        assertThat(SecurityGroupRules.describeIngress(sg))
                .containsExactly("tcp/1024-65535 from 0.0.0.0/0", "icmp/8--1 from 0.0.0.0/0");
        Rule tcp = SecurityGroupRules.ingress(sg).get(0);
        assertThat(tcp.coversTcpPort(3306)).isTrue();
        assertThat(tcp.coversTcpPort(80)).isFalse();
        assertThat(SecurityGroupRules.ingress(sg).get(1).coversTcpPort(8)).isFalse();
    }
}
