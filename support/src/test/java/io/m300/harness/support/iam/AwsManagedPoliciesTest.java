package io.m300.harness.support.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** AWS-managed policies a target cannot read (moto has none): a small known table, else a finding. */
class AwsManagedPoliciesTest {

    @Test
    void administratorAccessGrantsEveryAction() {
        PolicyDocument admin = AwsManagedPolicies.known("arn:aws:iam::aws:policy/AdministratorAccess")
                .orElseThrow();
        assertThat(PolicyAnalysis.wildcardGrants(List.of(admin))).hasSize(1);
        assertThat(admin.name()).contains("known copy");
    }

    @Test
    void readOnlyAccessReadsParameters() {
        PolicyDocument ro = AwsManagedPolicies.known("arn:aws:iam::aws:policy/ReadOnlyAccess")
                .orElseThrow();
        assertThat(PolicyAnalysis.allows(List.of(ro), "ssm:GetParameter", "arn:aws:ssm:r:1:parameter/x"))
                .isTrue();
        assertThat(PolicyAnalysis.wildcardGrants(List.of(ro))).isEmpty();
    }

    @Test
    void aServiceRolePathIsFoundAndAnUnknownOneIsNot() {
        String basic = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
        String unknown = "arn:aws:iam::aws:policy/AmazonSomethingElse";
        assertThat(AwsManagedPolicies.known(basic)).isPresent();
        assertThat(AwsManagedPolicies.known(unknown)).isEmpty();
        assertThat(Stream.of(unknown, "arn:aws:iam::123456789012:policy/mine").map(AwsManagedPolicies::isAwsManaged))
                .containsExactly(true, false);
    }
}
