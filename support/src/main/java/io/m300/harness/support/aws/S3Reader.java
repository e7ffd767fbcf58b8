package io.m300.harness.support.aws;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;

/**
 * S3 as the harness reads it (the state bucket, and the harness's own lock file): the one place that calls the
 * SDK for S3. S3 exceptions (no such key, no policy, ...) pass through to the caller, which judges them.
 */
public final class S3Reader {

    private final AwsClients aws;

    public S3Reader(AwsClients aws) {
        this.aws = aws;
    }

    /** The object's metadata; throws NoSuchKeyException (an S3Exception) when it does not exist. */
    public HeadObjectResponse head(String bucket, String key) {
        return aws.s3().headObject(r -> r.bucket(bucket).key(key));
    }

    /** The bucket's versioning status ("Enabled", "Suspended" or null). */
    public String versioning(String bucket) {
        return aws.s3().getBucketVersioning(r -> r.bucket(bucket)).statusAsString();
    }

    /** The bucket's default encryption; throws an S3Exception when it has none. */
    public GetBucketEncryptionResponse encryption(String bucket) {
        return aws.s3().getBucketEncryption(r -> r.bucket(bucket));
    }

    /** The bucket's public access block; throws an S3Exception when it has none. */
    public PublicAccessBlockConfiguration publicAccessBlock(String bucket) {
        return aws.s3().getPublicAccessBlock(r -> r.bucket(bucket)).publicAccessBlockConfiguration();
    }

    /** The bucket's policy; throws an S3Exception when it has none. */
    public String policy(String bucket) {
        return aws.s3().getBucketPolicy(r -> r.bucket(bucket)).policy();
    }

    /** Writes a JSON object only if none exists at the key (If-None-Match: *), as Terraform writes its S3 lock. */
    public void putJsonIfAbsent(String bucket, String key, String json) {
        aws.s3().putObject(r -> r.bucket(bucket).key(key).ifNoneMatch("*").contentType("application/json"), RequestBody.fromString(json));
    }

    /** The object's content as UTF-8; throws NoSuchKeyException when it does not exist. */
    public String text(String bucket, String key) {
        return aws.s3().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
    }

    /** Deletes an object. */
    public void delete(String bucket, String key) {
        aws.s3().deleteObject(r -> r.bucket(bucket).key(key));
    }
}
