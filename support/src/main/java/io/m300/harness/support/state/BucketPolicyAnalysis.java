package io.m300.harness.support.state;

import io.m300.harness.support.aws.Arns;
import io.m300.harness.support.iam.PolicyDocument;
import io.m300.harness.support.iam.PolicyDocument.Statement;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.policybuilder.iam.IamConditionOperator;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamPrincipal;

/** Whether a bucket policy refuses every request that does not come over TLS (STATE-02, Security Hub S3.5). */
public final class BucketPolicyAnalysis {

    private BucketPolicyAnalysis() {}

    /**
     * The statements (by Sid, else {@code "statement <0-based index>"}) that deny {@code s3:*} on
     * the bucket and on its objects to everyone ({@code "*"} or {@code {"AWS":"*"}}) when
     * {@code aws:SecureTransport} is false. Empty means the policy does not enforce TLS.
     */
    public static List<String> tlsOnlyStatements(String policyJson, String bucket) {
        return PolicyDocument.parse("bucket policy of " + bucket, policyJson).statements().stream()
                .filter(s -> s.isDeny()
                        && s.hasPublicPrincipal()
                        && s.actions().stream().anyMatch(a -> a.equals("s3:*") || a.equals("*"))
                        && coversBucketAndObjects(s.resources(), bucket)
                        && insecureTransport(s))
                .map(s -> s.sid() != null ? s.sid() : "statement " + (s.index() - 1))
                .toList();
    }

    static boolean coversBucketAndObjects(List<String> resources, String bucket) {
        return resources.stream().anyMatch(r -> r.equals("*") || names(r, bucket))
                && resources.stream().anyMatch(r -> r.equals("*") || names(r, bucket + "/*"));
    }

    /** True when {@code resource} is the S3 ARN of {@code bucketOrObjects}, in any partition. */
    private static boolean names(String resource, String bucketOrObjects) {
        return Arns.parse(resource)
                .filter(a -> a.service().equals("s3")
                        && a.region().isEmpty()
                        && a.accountId().isEmpty()
                        && a.resourceAsString().equals(bucketOrObjects))
                .isPresent();
    }

    /** The ARN of a bucket ({@code arn:aws:s3:::b}) or of objects in it ({@code arn:aws:s3:::b/*}). */
    static String s3Arn(String bucketOrObjects) {
        return Arn.builder()
                .partition("aws")
                .service("s3")
                .region("")
                .accountId("")
                .resource(bucketOrObjects)
                .build()
                .toString();
    }

    static boolean insecureTransport(Statement s) {
        Map<String, Map<String, List<String>>> conditions = s.conditions();
        return List.of("Bool", "BoolIfExists").stream()
                .flatMap(operator -> conditions.getOrDefault(operator, Map.of()).entrySet().stream())
                .anyMatch(kv -> kv.getKey().equalsIgnoreCase("aws:SecureTransport")
                        && kv.getValue().stream().anyMatch(v -> v.equalsIgnoreCase("false")));
    }

    /** The TLS-only policy the harness puts on a state bucket it creates. */
    public static String tlsOnlyPolicy(String bucket) {
        return IamPolicy.builder()
                .version("2012-10-17")
                .addStatement(s -> s.sid("DenyInsecureTransport")
                        .effect(IamEffect.DENY)
                        .addPrincipal(IamPrincipal.ALL)
                        .addAction("s3:*")
                        .addResource(s3Arn(bucket))
                        .addResource(s3Arn(bucket + "/*"))
                        .addCondition(IamConditionOperator.BOOL, "aws:SecureTransport", "false"))
                .build()
                .toJson();
    }
}
