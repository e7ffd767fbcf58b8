package io.m300.harness.support.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.m300.harness.support.ecs.ContainerSecrets;
import io.m300.harness.support.iam.AwsManagedPolicies;
import io.m300.harness.support.iam.RoleRef;
import io.m300.harness.support.monitoring.AlarmAnalysis;
import io.m300.harness.support.network.FlowLogDelivery;
import org.junit.jupiter.api.Test;

/** ARNs read through the SDK's Arn: any partition, and a string that merely looks like one is not one. */
class ArnsTest {

    @Test
    void buildsAnArnOfTheAwsPartitionFromItsParts() {
        assertThat(Arns.of("iam", "", "123456789012", "role/app/m300-task"))
                .isEqualTo("arn:aws:iam::123456789012:role/app/m300-task");
        assertThat(Arns.of("s3", null, null, "bucket/key")).isEqualTo("arn:aws:s3:::bucket/key");
        assertThat(Arns.of("events", "eu-west-1", "123456789012", "rule/r"))
                .isEqualTo("arn:aws:events:eu-west-1:123456789012:rule/r");
    }

    @Test
    void readsNamesAndAccountsOfAnyPartition() {
        assertThat(Arns.lastName("arn:aws-cn:iam::123456789012:role/path/m300-task"))
                .isEqualTo("m300-task");
        assertThat(Arns.lastName("m300-task")).isEqualTo("m300-task");
        assertThat(Arns.accountOf("arn:aws-us-gov:iam::123456789012:root")).isEqualTo("123456789012");
        assertThat(Arns.accountOf("arn:aws:s3:::bucket")).isEmpty();
        assertThat(Arns.accountOf("not an arn")).isEmpty();
        assertThat(Arns.serviceOf("arn:aws-cn:lambda:cn-north-1:1:function:f")).isEqualTo("lambda");
        assertThat(Arns.isArn("arn:")).isFalse();
        assertThat(Arns.isArn("arn:aws:iam::aws:policy/"))
                .as("the SDK throws for this one")
                .isFalse();
        assertThat(Arns.isArn(null)).isFalse();
    }

    @Test
    void dropsAFunctionsQualifierOnly() {
        assertThat(Arns.unqualifiedFunction("arn:aws:lambda:us-east-1:123456789012:function:rotate:3"))
                .isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:rotate");
        assertThat(Arns.unqualifiedFunction("arn:aws-cn:lambda:cn-north-1:123456789012:function:rotate:live"))
                .isEqualTo("arn:aws-cn:lambda:cn-north-1:123456789012:function:rotate");
        assertThat(Arns.unqualifiedFunction("arn:aws:lambda:us-east-1:123456789012:function:rotate"))
                .isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:rotate");
        assertThat(Arns.unqualifiedFunction("rotate")).isEqualTo("rotate");
    }

    @Test
    void aRoleOfAnotherPartitionHasItsAccountAndName() {
        RoleRef ref = RoleRef.parse("arn:aws-us-gov:iam::210987654321:role/ops/m300-exec");
        assertThat(ref.name()).isEqualTo("m300-exec");
        assertThat(ref.account()).isEqualTo("210987654321");
        assertThat(ref.inAccount("123456789012")).isFalse();
        assertThat(RoleRef.parse("m300-exec").account()).isEmpty();
    }

    @Test
    void anSsmParameterArnOfAnyPartitionNamesItsParameter() {
        assertThat(ContainerSecrets.ssmParameterNames("arn:aws-cn:ssm:cn-north-1:123456789012:parameter/m300/db"))
                .containsExactly("/m300/db", "m300/db");
        assertThat(ContainerSecrets.ssmParameterNames("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"))
                .isEmpty();
        assertThat(ContainerSecrets.ssmParameterNames("arn:aws:ssm"))
                .as("malformed")
                .isEmpty();
    }

    @Test
    void anAwsManagedPolicyIsOneInTheAwsAccountOfAnyPartition() {
        assertThat(AwsManagedPolicies.isAwsManaged("arn:aws:iam::aws:policy/ReadOnlyAccess"))
                .isTrue();
        assertThat(AwsManagedPolicies.isAwsManaged("arn:aws-cn:iam::aws:policy/ReadOnlyAccess"))
                .isTrue();
        assertThat(AwsManagedPolicies.isAwsManaged("arn:aws:iam::123456789012:policy/ReadOnlyAccess"))
                .isFalse();
        assertThat(AwsManagedPolicies.isAwsManaged("arn:aws:iam::aws:policy/")).isFalse();
        assertThat(AwsManagedPolicies.isAwsManaged(null)).isFalse();
    }

    @Test
    void aLogGroupNameComesOnlyFromALogsArn() {
        assertThat(FlowLogDelivery.logGroupName("arn:aws-cn:logs:cn-north-1:123456789012:log-group:/m300/flow:*"))
                .isEqualTo("/m300/flow");
        // before the SDK's Arn, any text with ":log-group:" in it was taken for one
        assertThat(FlowLogDelivery.logGroupName("flow:log-group:/m300/flow")).isNull();
        assertThat(FlowLogDelivery.logGroupName("arn:aws:s3:::log-group:/m300/flow"))
                .isNull();
    }

    @Test
    void loadBalancerDimensionsComeFromTheArnsResource() {
        assertThat(AlarmAnalysis.albArnSuffix(
                        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/m300/50dc6c495c0c9188"))
                .isEqualTo("app/m300/50dc6c495c0c9188");
        assertThat(AlarmAnalysis.targetGroupArnSuffix(
                        "arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:targetgroup/m300/73e2d6bc24d8a067"))
                .isEqualTo("targetgroup/m300/73e2d6bc24d8a067");
        assertThatThrownBy(() -> AlarmAnalysis.albArnSuffix("name:loadbalancer/app/m300/1"))
                .hasMessageContaining("not a load balancer ARN");
    }
}
