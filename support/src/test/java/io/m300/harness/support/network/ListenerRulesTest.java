package io.m300.harness.support.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;

/** NET-04 judges every rule of a plain-HTTP listener, not only its default action. */
class ListenerRulesTest {

    static final Action REDIRECT = Action.builder()
            .type("redirect")
            .redirectConfig(r -> r.protocol("HTTPS").port("443").statusCode("HTTP_301"))
            .build();
    static final Action FORWARD =
            Action.builder().type("forward").targetGroupArn("arn:tg/app").build();

    static Rule rule(String priority, boolean isDefault, Action... actions) {
        return Rule.builder()
                .priority(priority)
                .isDefault(isDefault)
                .actions(actions)
                .conditions(
                        isDefault
                                ? List.of()
                                : List.of(RuleCondition.builder()
                                        .field("path-pattern")
                                        .pathPatternConfig(p -> p.values("/wp-json/*"))
                                        .build()))
                .build();
    }

    static final Listener HTTP = LoadBalancerAnalysisTest.redirect("HTTP_301");

    @Test
    void aForwardingRuleOnTheRedirectingListenerServesPlainHttp() {
        List<Rule> rules = List.of(rule("10", false, FORWARD), rule("default", true, REDIRECT));
        assertThat(LoadBalancerAnalysis.plainHttpRuleProblems(HTTP, rules))
                .singleElement()
                .asString()
                .contains("rule 10", "path-pattern=[/wp-json/*]", "forward -> arn:tg/app");
        assertThat(LoadBalancerAnalysis.onlyRedirects(HTTP, rules)).isFalse();
    }

    @Test
    void aFixedResponseRuleAndA302RedirectServePlainHttpToo() {
        Action fixed = Action.builder()
                .type("fixed-response")
                .fixedResponseConfig(f -> f.statusCode("200"))
                .build();
        Action found = Action.builder()
                .type("redirect")
                .redirectConfig(r -> r.protocol("HTTPS").port("443").statusCode("HTTP_302"))
                .build();
        assertThat(LoadBalancerAnalysis.plainHttpRuleProblems(
                        HTTP, List.of(rule("1", false, fixed), rule("2", false, found))))
                .hasSize(2);
    }

    @Test
    void rulesThatOnlyRedirectAndTheDefaultRuleAreFine() {
        List<Rule> rules = List.of(rule("5", false, REDIRECT), rule("default", true, FORWARD));
        assertThat(LoadBalancerAnalysis.plainHttpRuleProblems(HTTP, rules)).isEmpty();
        assertThat(LoadBalancerAnalysis.onlyRedirects(HTTP, List.of(rule("5", false, REDIRECT))))
                .isTrue();
    }

    @Test
    void rulesOfAnHttpsListenerAreNotPlainHttp() {
        assertThat(LoadBalancerAnalysis.plainHttpRuleProblems(
                        LoadBalancerAnalysisTest.https("p"), List.of(rule("1", false, FORWARD))))
                .isEmpty();
    }
}
