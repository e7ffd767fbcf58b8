package io.m300.harness.support.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.PrefixListId;

class TierIngressTest {

    @Test
    void aSecondGroupOnTheDatabaseOpenFromTheVpcIsSeen() {
        // bad case first: the named group is clean, a second attached group admits 3306 from the VPC CIDR
        var db = Net.sg("sg-db", "db", Net.tcpFromGroup(3306, 3306, "sg-ecs"));
        var extra = Net.sg("sg-extra", "db-extra", Net.tcpFromCidr(3306, 3306, "10.30.0.0/16"));
        assertThat(TierIngress.onlyTcpPortFromGroups(
                        List.of("sg-db", "sg-extra"), List.of(db, extra), 3306, Set.of("sg-ecs")))
                .singleElement()
                .asString()
                .contains("sg-extra", "10.30.0.0/16");
    }

    @Test
    void aSecondTaskGroupOpenToTheWorldIsSeen() {
        var ecs = Net.sg("sg-ecs", "ecs", Net.tcpFromGroup(80, 80, "sg-alb"));
        var extra = Net.sg("sg-x", "x", Net.tcpFromCidr(80, 80, "0.0.0.0/0"));
        assertThat(TierIngress.onlyTcpPortFromGroups(
                        List.of("sg-ecs", "sg-x"), List.of(ecs, extra), 80, Set.of("sg-alb")))
                .singleElement()
                .asString()
                .contains("0.0.0.0/0");
    }

    @Test
    void rulesFromAnyOfTheSourceTiersGroupsPassWhereverTheyAreWritten() {
        // two groups on the database, each admitting one of the two task groups: together exactly the tier
        var a = Net.sg("sg-db", "db", Net.tcpFromGroup(3306, 3306, "sg-ecs"));
        var b = Net.sg("sg-db2", "db2", Net.tcpFromGroup(3306, 3306, "sg-ecs2"));
        assertThat(TierIngress.onlyTcpPortFromGroups(
                        List.of("sg-db", "sg-db2"), List.of(a, b), 3306, Set.of("sg-ecs", "sg-ecs2")))
                .isEmpty();
        // a group with no rule at all adds nothing
        var empty = Net.sg("sg-empty", "empty");
        assertThat(TierIngress.onlyTcpPortFromGroups(
                        List.of("sg-db", "sg-empty"), List.of(a, empty), 3306, Set.of("sg-ecs")))
                .isEmpty();
    }

    @Test
    void wrongPortRangeGroupOrPrefixListAreFindings() {
        var range = Net.sg("sg-db", "db", Net.tcpFromGroup(3300, 3310, "sg-ecs"));
        assertThat(TierIngress.onlyTcpPortFromGroups(List.of("sg-db"), List.of(range), 3306, Set.of("sg-ecs")))
                .hasSize(2)
                .anyMatch(p -> p.contains("3300-3310"))
                .anyMatch(p -> p.contains("no ingress rule"));
        var other = Net.sg("sg-db", "db", Net.tcpFromGroup(3306, 3306, "sg-other"));
        assertThat(TierIngress.onlyTcpPortFromGroups(List.of("sg-db"), List.of(other), 3306, Set.of("sg-ecs")))
                .hasSize(2);
        var pl = Net.sg(
                "sg-db",
                "db",
                IpPermission.builder()
                        .ipProtocol("tcp")
                        .fromPort(3306)
                        .toPort(3306)
                        .prefixListIds(
                                PrefixListId.builder().prefixListId("pl-1").build())
                        .build());
        assertThat(TierIngress.onlyTcpPortFromGroups(List.of("sg-db"), List.of(pl), 3306, Set.of("sg-ecs")))
                .anyMatch(p -> p.contains("pl-1"));
    }

    @Test
    void aGroupThatDoesNotExistOrNoGroupAtAllIsAFinding() {
        var db = Net.sg("sg-db", "db", Net.tcpFromGroup(3306, 3306, "sg-ecs"));
        assertThat(TierIngress.onlyTcpPortFromGroups(List.of("sg-db", "sg-gone"), List.of(db), 3306, Set.of("sg-ecs")))
                .singleElement()
                .asString()
                .contains("sg-gone", "does not exist");
        assertThat(TierIngress.onlyTcpPortFromGroups(List.of(), List.of(), 3306, Set.of("sg-ecs")))
                .contains("no security group is attached");
        assertThat(TierIngress.onlyTcpPortFromGroups(List.of("sg-db"), List.of(db), 3306, Set.of()))
                .anyMatch(p -> p.contains("has no security group"));
    }
}
