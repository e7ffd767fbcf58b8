package io.m300.harness.support.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BucketPolicyAnalysisTest {

    @Test
    void theHarnessPolicyDeniesInsecureTransport() {
        assertThat(BucketPolicyAnalysis.tlsOnlyStatements(BucketPolicyAnalysis.tlsOnlyPolicy("b"), "b"))
                .containsExactly("DenyInsecureTransport");
    }

    @Test
    void acceptsAwsStarPrincipalAndBooleanValue() {
        String p = "{\"Statement\":{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":[\"*\"]},\"Action\":[\"s3:*\"],"
                + "\"Resource\":[\"arn:aws:s3:::b/*\",\"arn:aws:s3:::b\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":false}}}}";
        assertThat(BucketPolicyAnalysis.tlsOnlyStatements(p, "b")).containsExactly("statement 0");
    }

    @Test
    void policiesThatDoNotEnforceTls() {
        String allow = BucketPolicyAnalysis.tlsOnlyPolicy("b").replace("\"Deny\"", "\"Allow\"");
        String noCondition = BucketPolicyAnalysis.tlsOnlyPolicy("b")
                .replace(",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}", "");
        String onlyObjects = BucketPolicyAnalysis.tlsOnlyPolicy("b").replace("\"arn:aws:s3:::b\",", "");
        String otherBucket = BucketPolicyAnalysis.tlsOnlyPolicy("other");
        String someone = BucketPolicyAnalysis.tlsOnlyPolicy("b")
                .replace("\"Principal\":\"*\"", "\"Principal\":{\"AWS\":\"arn:aws:iam::1:root\"}");
        for (String p : new String[] {allow, noCondition, onlyObjects, otherBucket, someone}) {
            assertThat(BucketPolicyAnalysis.tlsOnlyStatements(p, "b")).as(p).isEmpty();
        }
    }

    @Test
    void theBucketAndItsObjectsAreNamedByTheirS3ArnsInAnyPartition() {
        assertThat(BucketPolicyAnalysis.s3Arn("b")).isEqualTo("arn:aws:s3:::b");
        assertThat(BucketPolicyAnalysis.s3Arn("b/*")).isEqualTo("arn:aws:s3:::b/*");
        assertThat(BucketPolicyAnalysis.coversBucketAndObjects(
                        List.of("arn:aws-cn:s3:::b", "arn:aws-cn:s3:::b/*"), "b"))
                .isTrue();
        assertThat(BucketPolicyAnalysis.coversBucketAndObjects(List.of("arn:aws:s3:::b", "arn:aws:s3:::b/x"), "b"))
                .isFalse();
        assertThat(BucketPolicyAnalysis.coversBucketAndObjects(
                        List.of("arn:aws:s3:eu-west-1:1:b", "arn:aws:s3:::b/*"), "b"))
                .isFalse();
        assertThat(BucketPolicyAnalysis.coversBucketAndObjects(List.of("*"), "b"))
                .isTrue();
    }
}
