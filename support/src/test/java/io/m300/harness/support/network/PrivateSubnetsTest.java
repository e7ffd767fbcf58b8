package io.m300.harness.support.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrivateSubnetsTest {

    @Test
    void aSubnetOfTheStateWithNothingPublicInItIsPrivateEvenWithoutAnOutput() {
        Map<String, List<String>> candidates = new LinkedHashMap<>();
        PrivateSubnets.add(candidates, List.of("subnet-db-a", "subnet-db-b"), "database");
        PrivateSubnets.add(
                candidates,
                List.of("subnet-pub-a", "subnet-pub-b", "subnet-db-a", "subnet-db-b", "subnet-spare"),
                "state");
        Map<String, List<String>> pub = new LinkedHashMap<>();
        PrivateSubnets.add(pub, List.of("subnet-pub-a", "subnet-pub-b"), "internet-facing load balancer alb");
        PrivateSubnets.add(pub, List.of("subnet-pub-a"), "NAT gateway nat-1");
        var d = PrivateSubnets.decide(candidates, pub);
        assertThat(d.privateSubnets()).containsOnlyKeys("subnet-db-a", "subnet-db-b", "subnet-spare");
        assertThat(d.privateSubnets().get("subnet-db-a")).isEqualTo("database, state");
        assertThat(d.publicSubnets().get("subnet-pub-a")).contains("load balancer", "NAT gateway");
    }

    @Test
    void tasksInAPublicSubnetLeaveItPublicForNet06() {
        Map<String, List<String>> candidates = new LinkedHashMap<>();
        PrivateSubnets.add(candidates, List.of("subnet-pub-a"), "application tasks");
        var d = PrivateSubnets.decide(candidates, Map.of("subnet-pub-a", List.of("map_public_ip_on_launch")));
        assertThat(d.privateSubnets()).isEmpty();
        assertThat(d.publicSubnets()).containsKey("subnet-pub-a");
    }

    @Test
    void aPrivateSubnetWithoutExplicitAssociationUsesTheMainTable() {
        // bad case first: the IGW route sits in the main table, the spare private subnet has no association
        var net = Net.snapshot(
                List.of(Net.subnet("subnet-spare", "10.0.9.0/24"), Net.subnet("subnet-db", "10.0.8.0/24")),
                List.of(
                        Net.mainTable("rtb-main", Net.local(), Net.toIgw("0.0.0.0/0", "igw-1")),
                        Net.table("rtb-priv", List.of("subnet-db"), Net.local())),
                List.of(),
                List.of(),
                List.of(Net.igw("igw-1")));
        assertThat(RouteAnalysis.routesToInternetGateway(net, "subnet-spare"))
                .singleElement()
                .asString()
                .contains("main route table", "igw-1");
        assertThat(RouteAnalysis.routesToInternetGateway(net, "subnet-db")).isEmpty();
        var clean = Net.snapshot(
                List.of(Net.subnet("subnet-spare", "10.0.9.0/24")),
                List.of(Net.mainTable("rtb-main", Net.local())),
                List.of(),
                List.of(),
                List.of(Net.igw("igw-1")));
        assertThat(RouteAnalysis.routesToInternetGateway(clean, "subnet-spare")).isEmpty();
    }
}
