package io.m300.harness.support.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.iam.PolicyDocument;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowLogDeliveryTest {

    static final String GROUP = "arn:aws:logs:eu-central-1:123456789012:log-group:/vpc/flow";
    static final String ROLE = "arn:aws:iam::123456789012:role/flow";

    static PolicyDocument policy(String actions, String resources) {
        return PolicyDocument.parse(
                "inline policy write",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":" + actions
                        + ",\"Resource\":" + resources + "}]}");
    }

    static PolicyDocument trust(String principal) {
        return PolicyDocument.parse(
                "trust policy of flow",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\"," + "\"Principal\":" + principal
                        + ",\"Action\":\"sts:AssumeRole\"}]}");
    }

    static final PolicyDocument FLOW_LOGS_TRUST = trust("{\"Service\":\"vpc-flow-logs.amazonaws.com\"}");

    static FlowLogDelivery.Facts facts(
            String traffic, boolean groupExists, boolean roleExists, List<PolicyDocument> policies) {
        return facts(traffic, groupExists, roleExists, policies, FLOW_LOGS_TRUST);
    }

    static FlowLogDelivery.Facts facts(
            String traffic,
            boolean groupExists,
            boolean roleExists,
            List<PolicyDocument> policies,
            PolicyDocument trust) {
        return new FlowLogDelivery.Facts(
                "fl-1",
                traffic,
                "cloud-watch-logs",
                "/vpc/flow",
                GROUP + ":*",
                groupExists,
                ROLE,
                roleExists,
                policies,
                trust);
    }

    static final PolicyDocument WRITES =
            policy("[\"logs:CreateLogStream\",\"logs:PutLogEvents\"]", "[\"" + GROUP + "\",\"" + GROUP + ":*\"]");

    @Test
    void aRoleTheFlowLogsServiceCannotAssumeCannotDeliver() {
        // bad case first: the role may write, but it trusts Lambda, not the flow-logs service
        assertThat(FlowLogDelivery.problems(
                        facts("ALL", true, true, List.of(WRITES), trust("{\"Service\":\"lambda.amazonaws.com\"}"))))
                .singleElement()
                .asString()
                .contains("does not let vpc-flow-logs.amazonaws.com assume it");
        assertThat(FlowLogDelivery.problems(facts("ALL", true, true, List.of(WRITES), null)))
                .singleElement()
                .asString()
                .contains("no trust policy");
    }

    @Test
    void aDenyWithoutConditionTakesTheTrustBack() {
        PolicyDocument denied = PolicyDocument.parse(
                "trust",
                "{\"Version\":\"2012-10-17\",\"Statement\":["
                        + "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"vpc-flow-logs.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"},"
                        + "{\"Effect\":\"Deny\",\"Principal\":{\"Service\":\"vpc-flow-logs.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}");
        assertThat(FlowLogDelivery.trustProblem(ROLE, denied)).get().asString().contains("denies");
    }

    @Test
    void theFlowLogsServiceWithASourceAccountConditionMayAssume() {
        PolicyDocument conditioned = PolicyDocument.parse(
                "trust",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"Service\":[\"vpc-flow-logs.amazonaws.com\"]},\"Action\":\"sts:AssumeRole\","
                        + "\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"123456789012\"}}}]}");
        assertThat(FlowLogDelivery.trustProblem(ROLE, conditioned)).isEmpty();
    }

    @Test
    void aRoleThatMayOnlyDescribeCannotDeliver() {
        // bad case first: the flow log exists and records ALL, but its role may not write
        var describeOnly = policy("[\"logs:DescribeLogGroups\",\"logs:DescribeLogStreams\"]", "\"*\"");
        assertThat(FlowLogDelivery.problems(facts("ALL", true, true, List.of(describeOnly))))
                .hasSize(2)
                .allMatch(p -> p.contains("may not"))
                .anyMatch(p -> p.contains("logs:PutLogEvents"));
    }

    @Test
    void aRoleScopedToTheGroupItselfButNotItsStreamsCannotPut() {
        var groupOnly = policy("[\"logs:CreateLogStream\",\"logs:PutLogEvents\"]", "\"" + GROUP + "\"");
        assertThat(FlowLogDelivery.problems(facts("ALL", true, true, List.of(groupOnly))))
                .hasSize(2);
    }

    @Test
    void theStacksPolicyDelivers() {
        var ok = policy(
                "[\"logs:CreateLogStream\",\"logs:PutLogEvents\",\"logs:DescribeLogGroups\"]",
                "[\"" + GROUP + "\",\"" + GROUP + ":*\"]");
        assertThat(FlowLogDelivery.problems(facts("ALL", true, true, List.of(ok))))
                .isEmpty();
        var wildcard = policy("\"logs:*\"", "\"*\"");
        assertThat(FlowLogDelivery.problems(facts("ALL", true, true, List.of(wildcard))))
                .isEmpty();
    }

    @Test
    void rejectOnlyMissingGroupOrMissingRoleAreFindings() {
        var ok = policy("\"logs:*\"", "\"*\"");
        assertThat(FlowLogDelivery.problems(facts("REJECT", true, true, List.of(ok))))
                .singleElement()
                .asString()
                .contains("REJECT");
        assertThat(FlowLogDelivery.problems(facts("ALL", false, true, List.of(ok))))
                .singleElement()
                .asString()
                .contains("does not exist");
        assertThat(FlowLogDelivery.problems(facts("ALL", true, false, List.of())))
                .singleElement()
                .asString()
                .contains(ROLE, "does not exist in IAM");
    }

    @Test
    void logGroupNames() {
        assertThat(FlowLogDelivery.logGroupName(GROUP + ":*")).isEqualTo("/vpc/flow");
        assertThat(FlowLogDelivery.logGroupName(GROUP)).isEqualTo("/vpc/flow");
        assertThat(FlowLogDelivery.logGroupName("arn:aws:s3:::bucket")).isNull();
    }

    @Test
    void theEvidenceLineSaysWhatWasReadAndTheVerdict() {
        var good = facts("ALL", true, true, List.of(WRITES));
        assertThat(FlowLogDelivery.describe(good, List.of()))
                .startsWith("fl-1: traffic ALL, destination cloud-watch-logs, log group /vpc/flow (exists), role "
                        + ROLE + " with [inline policy write], trusting [")
                .contains("vpc-flow-logs.amazonaws.com")
                .endsWith(": records");
        var missing = facts("REJECT", false, false, List.of(), null);
        assertThat(FlowLogDelivery.describe(missing, List.of("a", "b")))
                .contains("log group /vpc/flow (does not exist), role " + ROLE + " (not in IAM): a; b");
        assertThat(FlowLogDelivery.describe(facts("ALL", true, true, List.of(), null), List.of("x")))
                .contains("with [], trusting nobody: x");
    }
}
