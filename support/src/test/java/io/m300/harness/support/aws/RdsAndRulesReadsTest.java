package io.m300.harness.support.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.m300.harness.support.aws.StubHttp.Answer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The reads that find every database and every listener rule: an injected SDK error is "could not
 * verify", never "no cluster" or "no rule"; only the documented not-found answer is none.
 */
class RdsAndRulesReadsTest {

    @Test
    void aDeniedClusterReadIsCouldNotVerifyNotNoCluster() {
        StubHttp http = new StubHttp(op -> Answer.queryError(403, "AccessDenied"));
        RdsReader rds = new RdsReader(http.client(RdsClient.builder(), false));
        assertThatThrownBy(() -> rds.cluster("m300-aurora"))
                .isInstanceOf(CouldNotVerify.class)
                .hasMessageStartingWith("could not verify: rds.DescribeDBClusters answered AccessDenied (403)");
        assertThatThrownBy(() -> rds.clusterInstances("m300-aurora"))
                .isInstanceOf(CouldNotVerify.class)
                .hasMessageStartingWith("could not verify: rds.DescribeDBInstances answered AccessDenied (403)");
        assertThatThrownBy(() -> rds.snapshotSource("m300-aurora-1")).isInstanceOf(CouldNotVerify.class);
    }

    @Test
    void theDocumentedNotFoundAnswersAreNone() {
        StubHttp http = new StubHttp(StubHttp.queryErrors(
                404,
                Map.of(
                        "DescribeDBClusters", "DBClusterNotFoundFault",
                        "DescribeDBSubnetGroups", "DBSubnetGroupNotFoundFault",
                        "DescribeDBSnapshots", "DBSnapshotNotFound",
                        "DescribeDBClusterSnapshots", "DBClusterSnapshotNotFoundFault"),
                Answer.queryError(500, "InternalFailure")));
        RdsReader rds = new RdsReader(http.client(RdsClient.builder(), false));
        assertThat(rds.cluster("gone")).isEmpty();
        assertThat(rds.subnetGroup("gone")).isEmpty();
        assertThat(rds.snapshotSource("gone")).isEmpty();
        assertThat(rds.clusterDatabase("gone")).isEmpty();
    }

    @Test
    void aFailedRulesReadIsCouldNotVerifyNotNoRule() {
        StubHttp http = new StubHttp(op -> Answer.queryError(500, "InternalFailure"));
        ElbReader elb = new ElbReader(http.client(ElasticLoadBalancingV2Client.builder(), false));
        assertThatThrownBy(() -> elb.rules("arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/app/a/1/2"))
                .isInstanceOf(CouldNotVerify.class)
                .hasMessageStartingWith(
                        "could not verify: elasticloadbalancing.DescribeRules answered InternalFailure (500)");
    }
}
