package io.m300.harness.support.network;

import static io.m300.harness.support.network.Net.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.m300.harness.support.network.ReachabilityAnalysis.Target;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

class ReachabilityAnalysisTest {

    private static final Target DB = new Target("db", List.of("subnet-a"), List.of("sg-4"), 3306, true);

    /** The broken stack: a public DB in subnet-a, routed to igw-1, open NACL, 3306 open to the world. */
    private static NetworkSnapshot publicDb(SecurityGroup dbGroup, NetworkAcl acl, RouteTable... extraTables) {
        List<RouteTable> tables = new ArrayList<>(List.of(
                mainTable("rtb-9", local()),
                table("rtb-2", List.of("subnet-a"), local(), toIgw("0.0.0.0/0", "igw-1"))));
        tables.addAll(List.of(extraTables));
        return snapshot(
                List.of(subnet("subnet-a", "10.0.1.0/24"), subnet("subnet-b", "10.0.2.0/24")),
                tables,
                List.of(acl),
                List.of(dbGroup, sg("sg-ecs", "ecs")),
                List.of(igw("igw-1")));
    }

    private static NetworkSnapshot publicDb() {
        return publicDb(sg("sg-4", "db", tcpFromCidr(3306, 3306, "0.0.0.0/0")), openAcl3());
    }

    private static NetworkAcl openAcl3() {
        return acl(
                "acl-3",
                true,
                List.of(),
                in(100, "allow", "6", 3306, 3306, "0.0.0.0/0"),
                out(100, "allow", "6", 1024, 65535, "0.0.0.0/0"));
    }

    @Test
    void publicDatabaseIsReachableWithTheFullPath() {
        Reachability r = ReachabilityAnalysis.fromInternet(publicDb(), DB);

        assertThat(r.reachable()).isTrue();
        assertThat(r.blockedBy()).isEmpty();
        assertThat(r.path())
                .containsExactly(
                        "internet",
                        "igw-1 (attached to vpc-1)",
                        "rtb-2: 0.0.0.0/0 -> igw-1 (subnet-a)",
                        "acl-3: rule 100 allows tcp/3306 from 0.0.0.0/0; outbound rule 100 allows tcp/1024-65535 to 0.0.0.0/0 (return traffic)",
                        "sg-4: tcp/3306 from 0.0.0.0/0",
                        "db (port 3306)");
        assertThat(r.toString()).startsWith("REACHABLE: internet -> igw-1").contains("subnet-a: reachable via");
    }

    @Test
    void mainRouteTableWithoutIgwRouteBlocksASubnetWithoutExplicitAssociation() {
        Target db = new Target("db", List.of("subnet-b"), List.of("sg-4"), 3306, true);

        Reachability r = ReachabilityAnalysis.fromInternet(publicDb(), db);

        assertThat(r.reachable()).isFalse();
        assertThat(r.path()).isEmpty();
        assertThat(r.blockedBy()).isEqualTo("rtb-9 (main route table of subnet-b) has no route to an internet gateway");
        assertThat(r.toString()).startsWith("NOT REACHABLE: blocked by rtb-9 (main route table of subnet-b)");
    }

    @Test
    void mainRouteTableWithIgwRouteMakesAnUnassociatedSubnetReachable() {
        NetworkSnapshot net = snapshot(
                List.of(subnet("subnet-b", "10.0.2.0/24")),
                List.of(mainTable("rtb-9", local(), toIgw("0.0.0.0/0", "igw-1"))),
                List.of(openDefaultAcl("acl-3")),
                List.of(sg("sg-4", "db", tcpFromCidr(3306, 3306, "0.0.0.0/0"))),
                List.of(igw("igw-1")));

        Reachability r = ReachabilityAnalysis.fromInternet(
                net, new Target("db", List.of("subnet-b"), List.of("sg-4"), 3306, true));

        assertThat(r.reachable()).isTrue();
        assertThat(r.path())
                .contains(
                        "rtb-9: 0.0.0.0/0 -> igw-1 (subnet-b)",
                        "acl-3: rule 100 allows all traffic from 0.0.0.0/0; outbound rule 100 allows all traffic to 0.0.0.0/0 (return traffic)");
    }

    @Test
    void explicitlyAssociatedPrivateTableWinsOverAMainTableThatRoutesToTheIgw() {
        NetworkSnapshot net = snapshot(
                List.of(subnet("subnet-a", "10.0.1.0/24")),
                List.of(
                        mainTable("rtb-9", local(), toIgw("0.0.0.0/0", "igw-1")),
                        table("rtb-5", List.of("subnet-a"), local())),
                List.of(openDefaultAcl("acl-3")),
                List.of(sg("sg-4", "db", tcpFromCidr(3306, 3306, "0.0.0.0/0"))),
                List.of(igw("igw-1")));

        Reachability r = ReachabilityAnalysis.fromInternet(net, DB);

        assertThat(r.reachable()).isFalse();
        assertThat(r.blockedBy())
                .isEqualTo("rtb-5 (explicitly associated with subnet-a) has no route to an internet gateway");
    }

    @Test
    void aclDenyNumberedBeforeTheAllowBlocks() {
        NetworkAcl acl = acl(
                "acl-3",
                false,
                List.of("subnet-a"),
                in(50, "deny", "6", 3306, 3306, "0.0.0.0/0"),
                in(100, "allow", "6", 3306, 3306, "0.0.0.0/0"),
                out(100, "allow", "6", 1024, 65535, "0.0.0.0/0"));

        Reachability r = ReachabilityAnalysis.fromInternet(
                publicDb(sg("sg-4", "db", tcpFromCidr(3306, 3306, "0.0.0.0/0")), acl), DB);

        assertThat(r.reachable()).isFalse();
        assertThat(r.blockedBy())
                .isEqualTo("acl-3 (explicitly associated with subnet-a) blocks inbound tcp/3306 from the internet: "
                        + "rule 50 denies tcp/3306 from 0.0.0.0/0");
    }

    @Test
    void aclDenyNumberedAfterTheAllowDoesNotBlock() {
        NetworkAcl acl = acl(
                "acl-3",
                false,
                List.of("subnet-a"),
                in(100, "allow", "6", 3306, 3306, "0.0.0.0/0"),
                in(200, "deny", "6", 3306, 3306, "0.0.0.0/0"),
                out(100, "allow", "6", 1024, 65535, "0.0.0.0/0"));

        assertThat(ReachabilityAnalysis.fromInternet(
                                publicDb(sg("sg-4", "db", tcpFromCidr(3306, 3306, "0.0.0.0/0")), acl), DB)
                        .reachable())
                .isTrue();
    }

    @Test
    void aclDenyOfOneHostBeforeAnAllowForAllStillLetsTheRestOfTheInternetIn() {
        NetworkAcl acl = acl(
                "acl-3",
                false,
                List.of("subnet-a"),
                in(50, "deny", "6", 3306, 3306, "203.0.113.7/32"),
                in(100, "allow", "6", 3306, 3306, "0.0.0.0/0"),
                out(100, "allow", "6", 1024, 65535, "0.0.0.0/0"));

        Reachability r = ReachabilityAnalysis.fromInternet(
                publicDb(sg("sg-4", "db", tcpFromCidr(3306, 3306, "0.0.0.0/0")), acl), DB);

        assertThat(r.reachable()).isTrue();
        assertThat(r.path()).anyMatch(hop -> hop.startsWith("acl-3: rule 100 allows tcp/3306 from 0.0.0.0/0"));
    }

    @Test
    void aclWithoutAnyMatchingRuleFallsToTheImplicitDeny() {
        NetworkAcl acl = acl(
                "acl-3",
                false,
                List.of("subnet-a"),
                in(100, "allow", "6", 443, 443, "0.0.0.0/0"),
                out(100, "allow", "6", 1024, 65535, "0.0.0.0/0"));

        Reachability r = ReachabilityAnalysis.fromInternet(
                publicDb(sg("sg-4", "db", tcpFromCidr(3306, 3306, "0.0.0.0/0")), acl), DB);

        assertThat(r.reachable()).isFalse();
        assertThat(r.blockedBy()).startsWith("acl-3").contains("rule * denies all traffic from 0.0.0.0/0");
    }

    @Test
    void aclAllowingOnlyPrivateSourcesBlocks() {
        NetworkAcl acl = acl(
                "acl-3",
                false,
                List.of("subnet-a"),
                in(100, "allow", "6", 3306, 3306, "10.0.0.0/16"),
                out(100, "allow", "6", 1024, 65535, "0.0.0.0/0"));

        Reachability r = ReachabilityAnalysis.fromInternet(
                publicDb(sg("sg-4", "db", tcpFromCidr(3306, 3306, "0.0.0.0/0")), acl), DB);

        assertThat(r.reachable()).isFalse();
        assertThat(r.blockedBy()).contains("blocks inbound tcp/3306 from the internet");
    }

    @Test
    void aclThatBlocksTheReturnTrafficBlocks() {
        NetworkAcl acl = acl(
                "acl-3",
                false,
                List.of("subnet-a"),
                in(100, "allow", "6", 3306, 3306, "0.0.0.0/0"),
                out(100, "allow", "6", 443, 443, "0.0.0.0/0"));

        Reachability r = ReachabilityAnalysis.fromInternet(
                publicDb(sg("sg-4", "db", tcpFromCidr(3306, 3306, "0.0.0.0/0")), acl), DB);

        assertThat(r.reachable()).isFalse();
        assertThat(r.blockedBy()).startsWith("acl-3 (explicitly associated with subnet-a) blocks the return traffic");
    }

    @Test
    void returnTrafficOnPartOfTheEphemeralRangeIsEnough() {
        NetworkAcl acl = acl(
                "acl-3",
                false,
                List.of("subnet-a"),
                in(100, "allow", "6", 3306, 3306, "0.0.0.0/0"),
                out(90, "deny", "6", 1024, 32767, "0.0.0.0/0"),
                out(100, "allow", "6", 1024, 65535, "0.0.0.0/0"));

        Reachability r = ReachabilityAnalysis.fromInternet(
                publicDb(sg("sg-4", "db", tcpFromCidr(3306, 3306, "0.0.0.0/0")), acl), DB);

        assertThat(r.reachable()).isTrue();
    }

    @Test
    void securityGroupThatOnlyAdmitsAnotherGroupBlocks() {
        SecurityGroup db = sg("sg-4", "db", tcpFromGroup(3306, 3306, "sg-ecs"));

        Reachability r = ReachabilityAnalysis.fromInternet(publicDb(db, openAcl3()), DB);

        assertThat(r.reachable()).isFalse();
        assertThat(r.blockedBy())
                .isEqualTo(
                        "no ingress rule of sg-4 admits tcp/3306 from the internet (sg-4 admits tcp/3306 from sg-ecs)");
    }

    @Test
    void securityGroupOpenOnlyToThePrivateVpcRangeBlocks() {
        SecurityGroup db = sg("sg-4", "db", tcpFromCidr(3306, 3306, "10.0.0.0/16"));

        assertThat(ReachabilityAnalysis.fromInternet(publicDb(db, openAcl3()), DB)
                        .blockedBy())
                .startsWith("no ingress rule of sg-4 admits tcp/3306");
    }

    @Test
    void securityGroupOpenToTheWorldOnAnotherPortBlocks() {
        SecurityGroup db = sg("sg-4", "db", tcpFromCidr(443, 443, "0.0.0.0/0"));

        assertThat(ReachabilityAnalysis.fromInternet(publicDb(db, openAcl3()), DB)
                        .reachable())
                .isFalse();
    }

    @Test
    void securityGroupAllowingAllProtocolsOrAPortRangeOrAPublicSubrangeAdmits() {
        for (SecurityGroup db : List.of(
                sg("sg-4", "db", allFromCidr("0.0.0.0/0")),
                sg("sg-4", "db", tcpFromCidr(3000, 4000, "0.0.0.0/0")),
                sg("sg-4", "db", tcpFromCidr(3306, 3306, "198.51.100.0/24")))) {
            assertThat(ReachabilityAnalysis.fromInternet(publicDb(db, openAcl3()), DB)
                            .reachable())
                    .as(db.toString())
                    .isTrue();
        }
    }

    @Test
    void aclAndSecurityGroupMustAdmitTheSameAddresses() {
        NetworkAcl acl = acl(
                "acl-3",
                false,
                List.of("subnet-a"),
                in(100, "allow", "6", 3306, 3306, "203.0.113.0/24"),
                out(100, "allow", "6", 1024, 65535, "0.0.0.0/0"));
        SecurityGroup db = sg("sg-4", "db", tcpFromCidr(3306, 3306, "198.51.100.0/24"));

        Reachability r = ReachabilityAnalysis.fromInternet(publicDb(db, acl), DB);

        assertThat(r.reachable()).isFalse();
        assertThat(r.blockedBy()).startsWith("no ingress rule of sg-4");
    }

    @Test
    void databaseWithoutPublicAddressIsNotReachable() {
        Target db = new Target("db", List.of("subnet-a"), List.of("sg-4"), 3306, false);

        Reachability r = ReachabilityAnalysis.fromInternet(publicDb(), db);

        assertThat(r.reachable()).isFalse();
        assertThat(r.blockedBy()).isEqualTo("db has no public address (not publicly accessible)");
    }

    @Test
    void noAttachedInternetGatewayBlocks() {
        NetworkSnapshot withoutIgw = withGateways(publicDb(), List.of());
        NetworkSnapshot detached = withGateways(publicDb(), List.of(detachedIgw("igw-1")));

        assertThat(ReachabilityAnalysis.fromInternet(withoutIgw, DB).blockedBy())
                .isEqualTo("no internet gateway is attached to vpc-1");
        assertThat(ReachabilityAnalysis.fromInternet(detached, DB).blockedBy())
                .isEqualTo("no internet gateway is attached to vpc-1 (igw-1 not attached)");
    }

    private static NetworkSnapshot withGateways(NetworkSnapshot base, List<InternetGateway> gateways) {
        return new NetworkSnapshot(
                VPC,
                "10.0.0.0/16",
                base.subnets(),
                base.routeTables(),
                base.networkAcls(),
                base.securityGroups(),
                gateways);
    }

    @Test
    void igwRouteForPrivateDestinationsOnlyOrBlackholeBlocks() {
        NetworkSnapshot privateOnly = publicDb(sg("sg-4", "db", tcpFromCidr(3306, 3306, "0.0.0.0/0")), openAcl3());
        List<RouteTable> tables =
                List.of(table("rtb-2", List.of("subnet-a"), local(), toIgw("192.168.0.0/16", "igw-1")));
        privateOnly = new NetworkSnapshot(
                VPC,
                "10.0.0.0/16",
                privateOnly.subnets(),
                tables,
                privateOnly.networkAcls(),
                privateOnly.securityGroups(),
                privateOnly.internetGateways());

        assertThat(ReachabilityAnalysis.fromInternet(privateOnly, DB).blockedBy())
                .isEqualTo(
                        "rtb-2 (explicitly associated with subnet-a) routes only private destinations to an internet gateway "
                                + "(192.168.0.0/16 -> igw-1)");

        RouteTable blackhole = table(
                "rtb-2",
                List.of("subnet-a"),
                local(),
                toIgw("0.0.0.0/0", "igw-1").toBuilder().state("blackhole").build());
        NetworkSnapshot withBlackhole = new NetworkSnapshot(
                VPC,
                "10.0.0.0/16",
                privateOnly.subnets(),
                List.of(blackhole),
                privateOnly.networkAcls(),
                privateOnly.securityGroups(),
                privateOnly.internetGateways());
        assertThat(ReachabilityAnalysis.fromInternet(withBlackhole, DB).blockedBy())
                .contains("has no route to an internet gateway that works (0.0.0.0/0 -> igw-1 (blackhole))");
    }

    @Test
    void routeToAPublicNonDefaultRangeStillCountsAsAPathToTheInternet() {
        NetworkSnapshot base = publicDb();
        List<RouteTable> tables = List.of(table("rtb-2", List.of("subnet-a"), local(), toIgw("52.0.0.0/8", "igw-1")));
        NetworkSnapshot net = new NetworkSnapshot(
                VPC,
                "10.0.0.0/16",
                base.subnets(),
                tables,
                base.networkAcls(),
                base.securityGroups(),
                base.internetGateways());

        assertThat(ReachabilityAnalysis.fromInternet(net, DB).path()).contains("rtb-2: 52.0.0.0/8 -> igw-1 (subnet-a)");
    }

    @Test
    void ipv6OnlyPathIsFound() {
        NetworkSnapshot net = snapshot(
                List.of(subnet("subnet-a", "10.0.1.0/24")),
                List.of(table("rtb-2", List.of("subnet-a"), local(), toIgwV6("::/0", "igw-1"))),
                List.of(acl(
                        "acl-3",
                        true,
                        List.of(),
                        in(100, "allow", "6", 3306, 3306, "::/0"),
                        out(100, "allow", "6", 1024, 65535, "::/0"))),
                List.of(sg("sg-4", "db", tcpFromCidr(3306, 3306, "::/0"))),
                List.of(igw("igw-1")));

        Reachability r = ReachabilityAnalysis.fromInternet(net, DB);

        assertThat(r.reachable()).isTrue();
        assertThat(r.path()).contains("rtb-2: ::/0 -> igw-1 (subnet-a)", "sg-4: tcp/3306 from ::/0");
    }

    @Test
    void oneOpenSubnetIsEnoughAndEverySubnetHasAVerdict() {
        Target db = new Target("db", List.of("subnet-b", "subnet-a"), List.of("sg-4"), 3306, true);

        Reachability r = ReachabilityAnalysis.fromInternet(publicDb(), db);

        assertThat(r.reachable()).isTrue();
        assertThat(r.explanation()).hasSize(3);
        assertThat(r.explanation().get(1)).startsWith("subnet-b: blocked by rtb-9 (main route table of subnet-b)");
        assertThat(r.explanation().get(2)).startsWith("subnet-a: reachable via internet -> igw-1");
    }

    @Test
    void subnetsBlockedAtDifferentHopsAreAllNamed() {
        NetworkAcl acl = acl("acl-3", false, List.of("subnet-a"), out(100, "allow", "6", 1024, 65535, "0.0.0.0/0"));
        Target db = new Target("db", List.of("subnet-a", "subnet-b"), List.of("sg-4"), 3306, true);

        Reachability r = ReachabilityAnalysis.fromInternet(
                publicDb(sg("sg-4", "db", tcpFromCidr(3306, 3306, "0.0.0.0/0")), acl), db);

        assertThat(r.reachable()).isFalse();
        assertThat(r.blockedBy())
                .contains("acl-3 (explicitly associated with subnet-a) blocks inbound")
                .contains("; rtb-9 (main route table of subnet-b) has no route to an internet gateway");
    }

    @Test
    void theSameCauseForEverySubnetIsNamedOnce() {
        Target db = new Target("db", List.of("subnet-a", "subnet-b"), List.of("sg-4"), 3306, false);
        NetworkSnapshot net = snapshot(
                List.of(subnet("subnet-a", "10.0.1.0/24"), subnet("subnet-b", "10.0.2.0/24")),
                List.of(mainTable("rtb-9", local(), toIgw("0.0.0.0/0", "igw-1"))),
                List.of(openDefaultAcl("acl-3")),
                List.of(sg("sg-4", "db", tcpFromCidr(3306, 3306, "0.0.0.0/0"))),
                List.of(igw("igw-1")));

        assertThat(ReachabilityAnalysis.fromInternet(net, db).blockedBy())
                .isEqualTo("db has no public address (not publicly accessible)");
    }

    @Test
    void missingNetworkAclIsTreatedAsOpenAndSaidSo() {
        NetworkSnapshot base = publicDb();
        NetworkSnapshot net = new NetworkSnapshot(
                VPC,
                null,
                base.subnets(),
                base.routeTables(),
                List.of(),
                base.securityGroups(),
                base.internetGateways());

        Reachability r = ReachabilityAnalysis.fromInternet(net, DB);

        assertThat(r.reachable()).isTrue();
        assertThat(r.explanation()).anyMatch(l -> l.contains("treated as allowing everything"));
    }

    @Test
    void unknownSubnetOrGroupIsAnErrorNotANo() {
        assertThatThrownBy(() -> ReachabilityAnalysis.fromInternet(
                        publicDb(), new Target("db", List.of("subnet-zz"), List.of("sg-4"), 3306, true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subnet-zz");
        assertThatThrownBy(() -> ReachabilityAnalysis.fromInternet(
                        publicDb(), new Target("db", List.of("subnet-a"), List.of("sg-zz"), 3306, true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sg-zz");
    }

    @Test
    void targetWithoutSubnetsIsNotReachable() {
        Reachability r =
                ReachabilityAnalysis.fromInternet(publicDb(), new Target("db", List.of(), List.of("sg-4"), 3306, true));
        assertThat(r.reachable()).isFalse();
        assertThat(r.blockedBy()).isEqualTo("db has no subnet");
    }

    @Test
    void evidenceTextNamesTheQuestionAndEverySubnet() {
        Reachability r = ReachabilityAnalysis.fromInternet(
                publicDb(), new Target("db", List.of("subnet-b"), List.of("sg-4"), 3306, true));

        assertThat(r.toString())
                .contains("Question: can the internet (any public address) open tcp/3306 to db in vpc-1")
                .contains(
                        "subnet-b: blocked by rtb-9 (main route table of subnet-b) has no route to an internet gateway")
                .doesNotContain("\n")
                .doesNotContain("?.");
    }
}
