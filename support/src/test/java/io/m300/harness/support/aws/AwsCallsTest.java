package io.m300.harness.support.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.m300.harness.support.aws.StubHttp.Answer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Errors are errors: an SDK error injected into one operation of a reader (through a real SDK
 * client on a stubbed HTTP layer) gives "could not verify", never a verdict; only the documented
 * not-found answer of that call is "none".
 */
class AwsCallsTest {

    private static final String NO_ENCRYPTION = "ServerSideEncryptionConfigurationNotFoundError";

    @Test
    void aDeniedReadOfTheBucketsEncryptionIsCouldNotVerifyNotNoEncryption() {
        StubHttp http = new StubHttp(op ->
                op.contains("encryption") ? Answer.s3Error(403, "AccessDenied") : Answer.s3Error(404, "NoSuchBucket"));
        S3Reader s3 = new S3Reader(http.client(S3Client.builder().forcePathStyle(true), true));
        assertThatThrownBy(() -> s3.encryption("state-bucket"))
                .isInstanceOf(CouldNotVerify.class)
                .isNotInstanceOf(AssertionError.class)
                .hasMessage(
                        "could not verify: s3.GetBucketEncryption answered AccessDenied (403): no evidence either way; "
                                + "give the harness's credentials the permission this read needs")
                .satisfies(e -> assertThat(((CouldNotVerify) e).errorCode()).isEqualTo("AccessDenied"));
    }

    @Test
    void onlyTheDocumentedNotFoundCodeMeansNone() {
        StubHttp http = new StubHttp(op -> op.contains("encryption")
                ? Answer.s3Error(404, NO_ENCRYPTION)
                : op.contains("publicAccessBlock")
                        ? Answer.s3Error(404, "NoSuchPublicAccessBlockConfiguration")
                        : op.contains("policy")
                                ? Answer.s3Error(404, "NoSuchBucketPolicy")
                                : Answer.s3Error(404, "NoSuchBucket"));
        S3Reader s3 = new S3Reader(http.client(S3Client.builder().forcePathStyle(true), false));
        assertThat(s3.encryption("b")).isEmpty();
        assertThat(s3.publicAccessBlock("b")).isEmpty();
        assertThat(s3.policy("b")).isEmpty();
        // the bucket itself missing is not "no policy": the read says nothing about the policy
        assertThatThrownBy(() -> s3.versioning("b"))
                .isInstanceOf(CouldNotVerify.class)
                .hasMessageContaining("s3.GetBucketVersioning answered NoSuchBucket (404)");
    }

    @Test
    void aServerErrorIsRetriedByTheSdkAndThenCouldNotVerify() {
        StubHttp http = new StubHttp(op -> Answer.s3Error(500, "InternalError"));
        S3Reader s3 = new S3Reader(http.client(S3Client.builder().forcePathStyle(true), true));
        assertThatThrownBy(() -> s3.policy("b"))
                .isInstanceOf(CouldNotVerify.class)
                .hasMessageStartingWith("could not verify: s3.GetBucketPolicy answered InternalError (500)");
        assertThat(http.calls)
                .as("attempts (the SDK's standard retry strategy)")
                .hasSize(3);
    }

    @Test
    void throttlingIsRetriedAndAnAnswerAfterItCounts() {
        int[] n = {0};
        StubHttp http = new StubHttp(op -> n[0]++ == 0
                ? Answer.s3Error(503, "SlowDown")
                : new Answer(200, "application/json", "{\"Version\":\"2012-10-17\",\"Statement\":[]}"));
        S3Reader s3 = new S3Reader(http.client(S3Client.builder().forcePathStyle(true), true));
        assertThat(s3.policy("b")).contains("{\"Version\":\"2012-10-17\",\"Statement\":[]}");
        assertThat(http.calls).hasSize(2);
    }

    @Test
    void aFailedElbReadIsCouldNotVerifyNotNoLoadBalancer() {
        StubHttp http = new StubHttp(op -> op.startsWith("DescribeLoadBalancers")
                ? Answer.queryError(403, "AccessDenied")
                : Answer.queryError(500, "InternalFailure"));
        ElbReader elb = new ElbReader(http.client(ElasticLoadBalancingV2Client.builder(), false));
        assertThatThrownBy(() -> elb.loadBalancers(
                        List.of("arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/a/1")))
                .isInstanceOf(CouldNotVerify.class)
                .hasMessageStartingWith(
                        "could not verify: elasticloadbalancing.DescribeLoadBalancers answered AccessDenied (403)");
        assertThatThrownBy(() -> elb.sslPolicyProtocols(List.of("ELBSecurityPolicy-TLS13-1-2-2021-06")))
                .isInstanceOf(CouldNotVerify.class)
                .hasMessageContaining("DescribeSSLPolicies answered InternalFailure (500)");
    }

    @Test
    void anUnknownLoadBalancerOrPolicyIsNone() {
        StubHttp http = new StubHttp(StubHttp.queryErrors(
                400,
                Map.of("DescribeLoadBalancers", "LoadBalancerNotFound", "DescribeTargetGroups", "TargetGroupNotFound"),
                Answer.queryError(400, "SSLPolicyNotFound")));
        ElbReader elb = new ElbReader(http.client(ElasticLoadBalancingV2Client.builder(), false));
        assertThat(elb.loadBalancers(List.of("arn:lb"))).isEmpty();
        assertThat(elb.loadBalancersOfTargetGroups(List.of("arn:tg"))).isEmpty();
        assertThat(elb.sslPolicyProtocols(List.of("p"))).isEmpty();
    }

    @Test
    void anAwsManagedPolicyIamDoesNotKnowIsCouldNotVerifyNotAMissingRole() {
        StubHttp http = new StubHttp(op -> op.startsWith("ListAttachedRolePolicies")
                ? Answer.xml(
                        200,
                        "<ListAttachedRolePoliciesResponse><ListAttachedRolePoliciesResult><AttachedPolicies><member>"
                                + "<PolicyName>NotInTheTable</PolicyName><PolicyArn>arn:aws:iam::aws:policy/NotInTheTable</PolicyArn></member>"
                                + "</AttachedPolicies><IsTruncated>false</IsTruncated></ListAttachedRolePoliciesResult>"
                                + "<ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></ListAttachedRolePoliciesResponse>")
                : Answer.queryError(404, "NoSuchEntity"));
        IamReader iam = new IamReader(http.client(IamClient.builder(), false));
        assertThatThrownBy(() -> iam.rolePolicies("flow-logs"))
                .isInstanceOf(CouldNotVerify.class)
                .isNotInstanceOf(NoSuchEntityException.class)
                .hasMessageContaining(
                        "iam.GetPolicy answered NoSuchEntity (404) for arn:aws:iam::aws:policy/NotInTheTable, attached to role flow-logs");
    }

    @Test
    void aDeniedRoleLookupIsCouldNotVerifyNotNoSuchRole() {
        IamReader denied = new IamReader(
                new StubHttp(op -> Answer.queryError(403, "AccessDenied")).client(IamClient.builder(), false));
        assertThatThrownBy(() -> denied.role("ecs-task"))
                .isInstanceOf(CouldNotVerify.class)
                .hasMessageStartingWith("could not verify: iam.GetRole answered AccessDenied (403)");
        IamReader missing = new IamReader(
                new StubHttp(op -> Answer.queryError(404, "NoSuchEntity")).client(IamClient.builder(), false));
        assertThat(missing.role("ecs-task")).isEmpty();
    }
}
