package io.m300.harness.support.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;

class LoadBalancerAnalysisTest {

    static Listener https(String policy) {
        return Listener.builder().protocol("HTTPS").port(443).sslPolicy(policy)
                .defaultActions(Action.builder().type("forward").targetGroupArn("tg").build()).build();
    }

    static Listener redirect(String status) {
        return Listener.builder().protocol("HTTP").port(80).defaultActions(Action.builder().type("redirect")
                .redirectConfig(r -> r.protocol("HTTPS").port("443").statusCode(status)).build()).build();
    }

    @Test
    void modernPoliciesAreTls12OrNewer() {
        assertThat(LoadBalancerAnalysis.isTls12OrNewer("ELBSecurityPolicy-TLS13-1-2-2021-06")).isTrue();
        assertThat(LoadBalancerAnalysis.isTls12OrNewer("ELBSecurityPolicy-TLS-1-2-Ext-2018-06")).isTrue();
        assertThat(LoadBalancerAnalysis.isTls12OrNewer("ELBSecurityPolicy-FS-1-2-Res-2020-10")).isTrue();
        assertThat(LoadBalancerAnalysis.isTls12OrNewer("ELBSecurityPolicy-2016-08")).isFalse();
        assertThat(LoadBalancerAnalysis.isTls12OrNewer("ELBSecurityPolicy-TLS-1-1-2017-01")).isFalse();
        assertThat(LoadBalancerAnalysis.isTls12OrNewer("ELBSecurityPolicy-FS-2018-06")).isFalse();
        assertThat(LoadBalancerAnalysis.isTls12OrNewer(null)).isFalse();
    }

    @Test
    void httpsWithRedirectKeepsTheControl() {
        assertThat(LoadBalancerAnalysis.listenerProblems(List.of(https("ELBSecurityPolicy-TLS13-1-2-2021-06"), redirect("HTTP_301")))).isEmpty();
    }

    @Test
    void aPlainHttpForwardListenerBreaksIt() {
        Listener forward = Listener.builder().protocol("HTTP").port(80)
                .defaultActions(Action.builder().type("forward").targetGroupArn("tg").build()).build();
        assertThat(LoadBalancerAnalysis.listenerProblems(List.of(https("ELBSecurityPolicy-TLS13-1-2-2021-06"), forward)))
                .singleElement().asString().contains("HTTP listener on 80", "forward -> tg");
    }

    @Test
    void aTemporaryRedirectOrOldTlsBreaksIt() {
        assertThat(LoadBalancerAnalysis.listenerProblems(List.of(https("ELBSecurityPolicy-2016-08"), redirect("HTTP_302")))).hasSize(2);
        assertThat(LoadBalancerAnalysis.listenerProblems(List.of(redirect("HTTP_301")))).containsExactly("no HTTPS listener");
    }

    @Test
    void ingressOnly443And80FromAllowedCidrs() {
        var ok = List.of(new SecurityGroupRules.Rule("tcp", 443, 443, "0.0.0.0/0"), new SecurityGroupRules.Rule("tcp", 80, 80, "0.0.0.0/0"));
        assertThat(LoadBalancerAnalysis.ingressProblems(ok, Set.of("0.0.0.0/0"), true)).isEmpty();
        assertThat(LoadBalancerAnalysis.ingressProblems(ok, Set.of("0.0.0.0/0"), false)).singleElement().asString().contains("tcp/80");
        assertThat(LoadBalancerAnalysis.ingressProblems(ok, Set.of("203.0.113.0/24"), true)).hasSize(3);
        var wide = List.of(new SecurityGroupRules.Rule("tcp", 0, 65535, "0.0.0.0/0"));
        assertThat(LoadBalancerAnalysis.ingressProblems(wide, Set.of("0.0.0.0/0"), true)).hasSize(2);
    }

    @Test
    void onlyOneTierOnOnePort() {
        var ok = List.of(new SecurityGroupRules.Rule("tcp", 3306, 3306, "sg-ecs"));
        assertThat(SecurityGroupRules.onlyTcpPortFromGroup(ok, 3306, "sg-ecs")).isEmpty();
        var vpc = List.of(ok.get(0), new SecurityGroupRules.Rule("tcp", 3306, 3306, "10.30.0.0/16"));
        assertThat(SecurityGroupRules.onlyTcpPortFromGroup(vpc, 3306, "sg-ecs")).singleElement().asString().contains("10.30.0.0/16");
        assertThat(SecurityGroupRules.onlyTcpPortFromGroup(List.of(), 3306, "sg-ecs")).singleElement().asString().contains("no ingress rule");
    }
}
