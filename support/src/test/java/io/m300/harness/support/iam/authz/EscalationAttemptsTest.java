package io.m300.harness.support.iam.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.iam.PolicyAnalysis;
import io.m300.harness.support.iam.PolicyDocument;
import io.m300.harness.support.iam.authz.EscalationAttempts.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every escalation and adoption path of issue 24, judged against the role's policies with AWS's model. */
class EscalationAttemptsTest {

    private static final EscalationAttempts ATTEMPTS = new EscalationAttempts(TestReference.ACCT, TestReference.REGION);

    @Test
    void everyAttemptIsDeniedByTodaysPolicies() {
        List<Result> results = ATTEMPTS.judge(TestReference.nightlyCheck());
        assertThat(results).hasSizeGreaterThanOrEqualTo(20);
        assertThat(results)
                .filteredOn(r -> !r.denied())
                .extracting(Result::describe)
                .isEmpty();
        assertThat(results)
                .extracting(Result::describe)
                .anySatisfy(d -> assertThat(d)
                        .startsWith("CreateRole without the permissions boundary: DENIED")
                        .contains("iam:PermissionsBoundary"));
    }

    /** The negative case: the single policy of before issue 24 let these through. */
    @Test
    void negativeCaseThePolicyOfBeforeAllowsEscalationAndAdoption() throws Exception {
        List<String> allowed = ATTEMPTS.judge(TestReference.beforeCheck()).stream()
                .filter(r -> !r.denied())
                .map(r -> r.attempt().what())
                .toList();
        assertThat(allowed)
                .contains(
                        "CreateRole without the run tag",
                        "CreateRole without the permissions boundary",
                        "PutRolePolicy (any document) on a role without the boundary",
                        "PassRole to Lambda of a role without the boundary (not a run's: no run tag)",
                        "CreateTags (run tag) on an existing untagged VPC",
                        "CreateAlias of the run's name on a foreign key",
                        "DeleteParameter of a foreign untagged parameter named like a run's",
                        "DeleteRole of a foreign untagged role named like a run's");
    }

    /** Without the boundary the same role could grant itself anything: the boundary file must exist and deny IAM. */
    @Test
    void theBoundaryCapsEveryRoleTheNightlyCreates() {
        RolePolicies policies = TestReference.nightly();
        var boundary = PolicyDocument.parse("boundary", policies.boundary().text());
        assertThat(PolicyAnalysis.allows(List.of(boundary), "iam:CreateRole", "*"))
                .isFalse();
        assertThat(PolicyAnalysis.allows(List.of(boundary), "iam:PutRolePolicy", "*"))
                .isFalse();
        assertThat(PolicyAnalysis.allows(
                        List.of(boundary),
                        "ssm:GetParameters",
                        "arn:aws:ssm:eu-central-1:" + TestReference.ACCT + ":parameter/m300n1-1/db/password"))
                .isTrue();
        assertThat(PolicyAnalysis.allows(
                        List.of(boundary),
                        "ssm:GetParameters",
                        "arn:aws:ssm:eu-central-1:" + TestReference.ACCT + ":parameter/prod/db/password"))
                .isFalse();
    }
}
