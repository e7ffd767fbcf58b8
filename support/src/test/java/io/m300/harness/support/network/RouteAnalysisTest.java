package io.m300.harness.support.network;

import static io.m300.harness.support.network.Net.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouteAnalysisTest {

    private final NetworkSnapshot net = snapshot(
            List.of(
                    subnet("subnet-pub", "10.0.0.0/24"),
                    subnet("subnet-priv", "10.0.10.0/24"),
                    subnet("subnet-other", "10.0.20.0/24")),
            List.of(
                    mainTable("rtb-main", local()),
                    table(
                            "rtb-pub",
                            List.of("subnet-pub"),
                            local(),
                            toIgw("0.0.0.0/0", "igw-1"),
                            toIgwV6("::/0", "igw-1")),
                    table("rtb-priv", List.of("subnet-priv"), local())),
            List.of(),
            List.of(),
            List.of(igw("igw-1")));

    @Test
    void explicitAssociationWinsElseTheMainTable() {
        assertThat(RouteAnalysis.effectiveRouteTable(net, "subnet-pub").routeTableId())
                .isEqualTo("rtb-pub");
        assertThat(RouteAnalysis.effectiveRouteTable(net, "subnet-priv").routeTableId())
                .isEqualTo("rtb-priv");
        assertThat(RouteAnalysis.effectiveRouteTable(net, "subnet-other").routeTableId())
                .isEqualTo("rtb-main");
        assertThat(RouteAnalysis.isExplicitlyAssociated(net, "subnet-other")).isFalse();
    }

    @Test
    void noTableAtAllGivesNull() {
        NetworkSnapshot empty = snapshot(List.of(), List.of(), List.of(), List.of(), List.of());
        assertThat(RouteAnalysis.effectiveRouteTable(empty, "subnet-x")).isNull();
        assertThat(RouteAnalysis.routesToInternetGateway(empty, "subnet-x")).isEmpty();
    }

    @Test
    void privateSubnetHasNoIgwRoute() {
        assertThat(RouteAnalysis.routesToInternetGateway(net, "subnet-priv")).isEmpty();
        assertThat(RouteAnalysis.routesToInternetGateway(net, "subnet-other")).isEmpty();
    }

    @Test
    void publicSubnetsIgwRoutesAreDescribed() {
        assertThat(RouteAnalysis.routesToInternetGateway(net, "subnet-pub"))
                .containsExactly(
                        "rtb-pub (explicitly associated with subnet-pub): 0.0.0.0/0 -> igw-1",
                        "rtb-pub (explicitly associated with subnet-pub): ::/0 -> igw-1");
    }

    @Test
    void mutantPrivateTableWithIgwRouteIsFlagged() {
        NetworkSnapshot mutant = snapshot(
                List.of(subnet("subnet-priv", "10.0.10.0/24")),
                List.of(mainTable("rtb-main", local(), toIgw("0.0.0.0/0", "igw-1"))),
                List.of(),
                List.of(),
                List.of(igw("igw-1")));
        assertThat(RouteAnalysis.routesToInternetGateway(mutant, "subnet-priv"))
                .containsExactly("rtb-main (main route table of subnet-priv): 0.0.0.0/0 -> igw-1");
    }
}
