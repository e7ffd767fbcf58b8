package io.m300.harness.support.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;

class LoadBalancerAnalysisTest {

    static Listener https(String policy) {
        return Listener.builder()
                .protocol("HTTPS")
                .port(443)
                .sslPolicy(policy)
                .defaultActions(
                        Action.builder().type("forward").targetGroupArn("tg").build())
                .build();
    }

    static Listener redirect(String status) {
        return Listener.builder()
                .protocol("HTTP")
                .port(80)
                .defaultActions(Action.builder()
                        .type("redirect")
                        .redirectConfig(r -> r.protocol("HTTPS").port("443").statusCode(status))
                        .build())
                .build();
    }

    /** What moto 5.2.1 (and AWS) answer to DescribeSSLPolicies for these policies. */
    static final Map<String, List<String>> POLICIES = Map.of(
            "ELBSecurityPolicy-TLS13-1-2-2021-06", List.of("TLSv1.3", "TLSv1.2"),
            "ELBSecurityPolicy-TLS13-1-0-2021-06", List.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1"),
            "ELBSecurityPolicy-TLS13-1-1-2021-06", List.of("TLSv1.3", "TLSv1.2", "TLSv1.1"),
            "ELBSecurityPolicy-2016-08", List.of("TLSv1", "TLSv1.1", "TLSv1.2"));

    @Test
    void aTls13PolicyThatEnablesTls10IsOld() {
        // bad case first: the policy's name says TLS13, its protocols say TLS 1.0 and 1.1
        assertThat(LoadBalancerAnalysis.listenerProblems(
                        List.of(https("ELBSecurityPolicy-TLS13-1-0-2021-06"), redirect("HTTP_301")), POLICIES))
                .singleElement()
                .asString()
                .contains("TLSv1.1", "TLSv1]", "ELBSecurityPolicy-TLS13-1-0-2021-06");
        assertThat(LoadBalancerAnalysis.listenerProblems(
                        List.of(https("ELBSecurityPolicy-TLS13-1-1-2021-06"), redirect("HTTP_301")), POLICIES))
                .singleElement()
                .asString()
                .contains("[TLSv1.1]");
    }

    @Test
    void aPolicyNobodyDescribedIsAFindingNotAPass() {
        assertThat(LoadBalancerAnalysis.listenerProblems(
                        List.of(https("Custom-Policy"), redirect("HTTP_301")), POLICIES))
                .singleElement()
                .asString()
                .contains("Custom-Policy", "does not describe");
        assertThat(LoadBalancerAnalysis.listenerProblems(
                        List.of(https("ELBSecurityPolicy-TLS13-1-2-2021-06")), Map.of()))
                .singleElement()
                .asString()
                .contains("unknown");
    }

    @Test
    void everyHttpsListenerIsJudged() {
        var second = https("ELBSecurityPolicy-TLS13-1-0-2021-06").toBuilder()
                .port(8443)
                .build();
        assertThat(LoadBalancerAnalysis.listenerProblems(
                        List.of(https("ELBSecurityPolicy-TLS13-1-2-2021-06"), second, redirect("HTTP_301")), POLICIES))
                .singleElement()
                .asString()
                .contains("8443");
    }

    @Test
    void oldProtocols() {
        assertThat(LoadBalancerAnalysis.oldProtocols(List.of("TLSv1.3", "TLSv1.2")))
                .isEmpty();
        assertThat(LoadBalancerAnalysis.oldProtocols(List.of("SSLv3", "TLSv1", "TLSv1.2")))
                .containsExactly("SSLv3", "TLSv1");
    }

    @Test
    void httpsWithRedirectKeepsTheControl() {
        assertThat(LoadBalancerAnalysis.listenerProblems(
                        List.of(https("ELBSecurityPolicy-TLS13-1-2-2021-06"), redirect("HTTP_301")), POLICIES))
                .isEmpty();
    }

    @Test
    void aPlainHttpForwardListenerBreaksIt() {
        Listener forward = Listener.builder()
                .protocol("HTTP")
                .port(80)
                .defaultActions(
                        Action.builder().type("forward").targetGroupArn("tg").build())
                .build();
        assertThat(LoadBalancerAnalysis.listenerProblems(
                        List.of(https("ELBSecurityPolicy-TLS13-1-2-2021-06"), forward), POLICIES))
                .singleElement()
                .asString()
                .contains("HTTP listener on 80", "forward -> tg");
    }

    @Test
    void aTemporaryRedirectOrOldTlsBreaksIt() {
        assertThat(LoadBalancerAnalysis.listenerProblems(
                        List.of(https("ELBSecurityPolicy-2016-08"), redirect("HTTP_302")), POLICIES))
                .hasSize(2);
        assertThat(LoadBalancerAnalysis.listenerProblems(List.of(redirect("HTTP_301")), POLICIES))
                .containsExactly("no HTTPS listener");
    }

    @Test
    void ingressOnly443And80FromAllowedCidrs() {
        var ok = List.of(
                new SecurityGroupRules.Rule("tcp", 443, 443, "0.0.0.0/0"),
                new SecurityGroupRules.Rule("tcp", 80, 80, "0.0.0.0/0"));
        assertThat(LoadBalancerAnalysis.ingressProblems(ok, Set.of("0.0.0.0/0"), true, Map.of()))
                .isEmpty();
        assertThat(LoadBalancerAnalysis.ingressProblems(ok, Set.of("0.0.0.0/0"), false, Map.of()))
                .singleElement()
                .asString()
                .contains("tcp/80");
        assertThat(LoadBalancerAnalysis.ingressProblems(ok, Set.of("203.0.113.0/24"), true, Map.of()))
                .hasSize(3);
        var wide = List.of(new SecurityGroupRules.Rule("tcp", 0, 65535, "0.0.0.0/0"));
        assertThat(LoadBalancerAnalysis.ingressProblems(wide, Set.of("0.0.0.0/0"), true, Map.of()))
                .hasSize(2);
    }

    @Test
    void aPrefixListCountsAsTheCidrsItHolds() {
        var viaList = List.of(new SecurityGroupRules.Rule("tcp", 443, 443, "pl-1"));
        // bad case first: the list holds an address block outside the allowed ones
        assertThat(LoadBalancerAnalysis.ingressProblems(
                        viaList, Set.of("203.0.113.0/24"), true, Map.of("pl-1", List.of("198.51.100.0/24"))))
                .hasSize(2)
                .anyMatch(p -> p.contains("198.51.100.0/24")
                        && p.contains("prefix list pl-1")
                        && p.contains("outside the allowed"))
                .anyMatch(p -> p.contains("no rule admits HTTPS"));
        assertThat(LoadBalancerAnalysis.ingressProblems(
                        viaList, Set.of("203.0.113.0/24"), true, Map.of("pl-1", List.of("203.0.113.0/24"))))
                .isEmpty();
        assertThat(LoadBalancerAnalysis.ingressProblems(viaList, Set.of("203.0.113.0/24"), true, Map.of()))
                .first()
                .asString()
                .contains("could not be read");
    }

    @Test
    void aNarrowerBlockInsideAnAllowedOneIsAllowed() {
        var narrow = List.of(new SecurityGroupRules.Rule("tcp", 443, 443, "203.0.113.128/25"));
        assertThat(LoadBalancerAnalysis.ingressProblems(narrow, Set.of("203.0.113.0/24"), true, Map.of()))
                .isEmpty();
        var wider = List.of(new SecurityGroupRules.Rule("tcp", 443, 443, "203.0.112.0/23"));
        assertThat(LoadBalancerAnalysis.ingressProblems(wider, Set.of("203.0.113.0/24"), true, Map.of()))
                .hasSize(2);
    }

    @Test
    void aBlockTheAllowedOnesCoverTogetherIsAllowed() {
        var wider = List.of(new SecurityGroupRules.Rule("tcp", 443, 443, "203.0.112.0/23"));
        assertThat(LoadBalancerAnalysis.ingressProblems(
                        wider, Set.of("203.0.112.0/24", "203.0.113.0/24"), true, Map.of()))
                .isEmpty();
        var v6 = List.of(new SecurityGroupRules.Rule("tcp", 443, 443, "2001:db8:0:1ff::/64"));
        assertThat(LoadBalancerAnalysis.ingressProblems(v6, Set.of("2001:db8:0:100::/56"), true, Map.of()))
                .isEmpty();
        assertThat(LoadBalancerAnalysis.ingressProblems(v6, Set.of("0.0.0.0/0"), true, Map.of()))
                .anyMatch(p -> p.contains("2001:db8:0:1ff::/64") && p.contains("outside the allowed"));
    }

    @Test
    void withoutAnAllowedListEveryCidrCountsButPortsAreStillJudged() {
        var rules = List.of(
                new SecurityGroupRules.Rule("tcp", 443, 443, "198.51.100.0/24"),
                new SecurityGroupRules.Rule("tcp", 22, 22, "198.51.100.0/24"),
                new SecurityGroupRules.Rule("tcp", 443, 443, "sg-other"));
        assertThat(LoadBalancerAnalysis.ingressProblems(rules, null, true, Map.of()))
                .hasSize(2)
                .anyMatch(p -> p.contains("tcp/22"))
                .anyMatch(p -> p.contains("sg-other"));
    }

    @Test
    void onlyOneTierOnOnePort() {
        var ok = List.of(new SecurityGroupRules.Rule("tcp", 3306, 3306, "sg-ecs"));
        assertThat(SecurityGroupRules.onlyTcpPortFromGroup(ok, 3306, "sg-ecs")).isEmpty();
        var vpc = List.of(ok.get(0), new SecurityGroupRules.Rule("tcp", 3306, 3306, "10.30.0.0/16"));
        assertThat(SecurityGroupRules.onlyTcpPortFromGroup(vpc, 3306, "sg-ecs"))
                .singleElement()
                .asString()
                .contains("10.30.0.0/16");
        assertThat(SecurityGroupRules.onlyTcpPortFromGroup(List.of(), 3306, "sg-ecs"))
                .singleElement()
                .asString()
                .contains("no ingress rule");
    }
}
