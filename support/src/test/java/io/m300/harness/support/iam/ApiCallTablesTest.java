package io.m300.harness.support.iam;

import static io.m300.harness.support.iam.ApiCallDecoderTest.ACCT;
import static io.m300.harness.support.iam.ApiCallDecoderTest.request;
import static io.m300.harness.support.iam.ApiCallTables.TABLES;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decoder's tables are data (api-calls.yaml): read whole, in the file's order, and used as written. */
class ApiCallTablesTest {

    private final ApiCallDecoder decoder = new ApiCallDecoder(ACCT);

    @Test
    void everyTableIsRead() {
        assertThat(TABLES.iamPrefix()).containsEntry("monitoring", "cloudwatch");
        assertThat(TABLES.actionNames()).containsEntry("s3:ListParts", "s3:ListMultipartUploadParts");
        assertThat(TABLES.tagOnCreate()).containsEntry("iam", "iam:TagRole").hasSize(14);
        assertThat(TABLES.createActionKey()).containsOnlyKeys("ec2", "elasticloadbalancing", "ecs");
        assertThat(TABLES.s3().bucket()).containsOnlyKeys("GET", "PUT", "DELETE", "POST");
        assertThat(TABLES.s3().objectDefault()).containsEntry("HEAD", "HeadObject");
        assertThat(TABLES.lambda()).hasSize(23);
        assertThat(TABLES.lambda().get(TABLES.lambda().size() - 1).operation()).isEqualTo("UntagResource");
        // every action a table names is service:Action
        assertThat(TABLES.actionNames().values()).allMatch(a -> a.matches("[a-z0-9]+:[A-Za-z]+"));
        assertThat(TABLES.tagOnCreate().values()).allMatch(a -> a.matches("[a-z0-9]+:[A-Za-z]+"));
    }

    @Test
    void ec2IdsAreKnownByTheirPrefixAndAPrefixWithoutTypeIsStillAnId() {
        assertThat(TABLES.ec2Id().matcher("sgr-0a1b2c3d4e5f60718").matches()).isTrue();
        assertThat(TABLES.ec2Id().matcher("dopt-0a1b2c3d").matches()).isTrue();
        assertThat(TABLES.ec2Id().matcher("vpcx-0a1b2c3d").matches()).isFalse();
        assertThat(TABLES.ec2Id().matcher("vpc-0a1b").matches()).isFalse();
        assertThat(TABLES.ec2IdTypes())
                .containsEntry("sgr", "security-group-rule")
                .containsEntry("dopt", null);
    }

    @Test
    void theFirstS3SubResourceInTheFileWinsAndListTypeCountsOnlyAsTwo() {
        assertThat(s3("GET", "http://127.0.0.1:5000/b?versions&list-type=2")).isEqualTo("s3:ListBucketVersions");
        assertThat(s3("GET", "http://127.0.0.1:5000/b?list-type=2")).isEqualTo("s3:ListBucket");
        assertThat(s3("GET", "http://127.0.0.1:5000/b?list-type=1")).isEqualTo("s3:ListBucket");
        assertThat(decoder.decode(request("GET", "http://127.0.0.1:5000/b?list-type=1", "s3", Map.of(), ""))
                        .get(0)
                        .operation())
                .isEqualTo("ListObjects");
        assertThat(s3("PUT", "http://127.0.0.1:5000/b?tagging")).isEqualTo("s3:PutBucketTagging");
        assertThat(s3("DELETE", "http://127.0.0.1:5000/b?tagging")).isEqualTo("s3:PutBucketTagging");
        assertThat(s3("DELETE", "http://127.0.0.1:5000/b/k?uploadId=1")).isEqualTo("s3:AbortMultipartUpload");
        assertThat(s3("POST", "http://127.0.0.1:5000/b/k?uploads")).isEqualTo("s3:PutObject");
        assertThat(s3("HEAD", "http://127.0.0.1:5000/b")).isEqualTo("s3:ListBucket");
        assertThat(s3("GET", "http://127.0.0.1:5000/")).isEqualTo("s3:ListAllMyBuckets");
    }

    @Test
    void lambdaRoutesGiveTheOperationAndTheUnqualifiedFunction() {
        List<ApiCall> calls = decoder.decode(request(
                "GET",
                "http://127.0.0.1:5000/2021-10-31/functions/arn%3Aaws%3Alambda%3Aeu-central-1%3A" + ACCT
                        + "%3Afunction%3Am300n1-1-fn%3A3/url",
                "lambda",
                Map.of(),
                ""));
        assertThat(calls.get(0).action()).isEqualTo("lambda:GetFunctionUrlConfig");
        assertThat(calls.get(0).resources())
                .containsExactly("arn:aws:lambda:eu-central-1:" + ACCT + ":function:m300n1-1-fn");
        assertThat(decoder.decode(request(
                                "PATCH", "http://127.0.0.1:5000/2015-03-31/functions/x", "lambda", Map.of(), ""))
                        .get(0)
                        .mapped())
                .isFalse();
    }

    private String s3(String method, String url) {
        return decoder.decode(request(method, url, "s3", Map.of(), "")).get(0).action();
    }
}
