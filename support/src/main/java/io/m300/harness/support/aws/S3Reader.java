package io.m300.harness.support.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * S3 as the harness reads it (the state bucket, and the harness's own lock file): the one place that calls the
 * SDK for S3. A read answers a value, or empty for S3's documented "not found" code of that call
 * (NoSuchKey, ServerSideEncryptionConfigurationNotFoundError, NoSuchPublicAccessBlockConfiguration,
 * NoSuchBucketPolicy); any other error is {@link CouldNotVerify} (see {@link AwsCalls}). The sweeper's
 * listing and deleting of object versions ({@link #versions}, {@link #deleteVersions}) throw the SDK's
 * own errors: the sweeper reports each as denied or failed.
 */
public final class S3Reader {

    private final S3Client s3;

    public S3Reader(AwsClients aws) {
        this(aws.s3());
    }

    public S3Reader(S3Client s3) {
        this.s3 = s3;
    }

    /** The object's metadata; empty when there is no such object (HEAD answers 404 without a body: NoSuchKey). */
    public Optional<HeadObjectResponse> head(String bucket, String key) {
        return AwsCalls.readIfExists(
                "s3.HeadObject",
                () -> s3.headObject(r -> r.bucket(bucket).key(key)),
                e -> e instanceof NoSuchKeyException
                        || AwsCalls.code("NoSuchKey", "NotFound").test(e));
    }

    /** The bucket's versioning status ("Enabled", "Suspended" or null: never enabled). */
    public String versioning(String bucket) {
        return AwsCalls.read(
                "s3.GetBucketVersioning",
                () -> s3.getBucketVersioning(r -> r.bucket(bucket)).statusAsString());
    }

    /** The bucket's default encryption rules; empty when it has none (ServerSideEncryptionConfigurationNotFoundError). */
    public Optional<List<ServerSideEncryptionRule>> encryption(String bucket) {
        return AwsCalls.readIfExists(
                "s3.GetBucketEncryption",
                () -> s3.getBucketEncryption(r -> r.bucket(bucket))
                        .serverSideEncryptionConfiguration()
                        .rules(),
                AwsCalls.code("ServerSideEncryptionConfigurationNotFoundError"));
    }

    /** The bucket's public access block; empty when it has none (NoSuchPublicAccessBlockConfiguration). */
    public Optional<PublicAccessBlockConfiguration> publicAccessBlock(String bucket) {
        return AwsCalls.readIfExists(
                "s3.GetPublicAccessBlock",
                () -> s3.getPublicAccessBlock(r -> r.bucket(bucket)).publicAccessBlockConfiguration(),
                AwsCalls.code("NoSuchPublicAccessBlockConfiguration"));
    }

    /** The bucket's policy; empty when it has none (NoSuchBucketPolicy). */
    public Optional<String> policy(String bucket) {
        return AwsCalls.readIfExists(
                "s3.GetBucketPolicy",
                () -> s3.getBucketPolicy(r -> r.bucket(bucket)).policy(),
                AwsCalls.code("NoSuchBucketPolicy"));
    }

    /** Writes a JSON object only if none exists at the key (If-None-Match: *), as Terraform writes its S3 lock. */
    public void putJsonIfAbsent(String bucket, String key, String json) {
        s3.putObject(
                r -> r.bucket(bucket).key(key).ifNoneMatch("*").contentType("application/json"),
                RequestBody.fromString(json));
    }

    /** The object's content as UTF-8; throws NoSuchKeyException when it does not exist. */
    public String text(String bucket, String key) {
        return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
    }

    /** Deletes an object. */
    public void delete(String bucket, String key) {
        s3.deleteObject(r -> r.bucket(bucket).key(key));
    }

    /** One version of an object, or a delete marker ({@code lastModified} may be null). */
    public record Version(String key, String versionId, Instant lastModified) {}

    /** Every version and delete marker under {@code prefix}: per page of the listing, its versions, then its markers. */
    public List<Version> versions(String bucket, String prefix) {
        List<Version> found = new ArrayList<>();
        for (var page : s3.listObjectVersionsPaginator(r -> r.bucket(bucket).prefix(prefix))) {
            page.versions().forEach(v -> found.add(new Version(v.key(), v.versionId(), v.lastModified())));
            page.deleteMarkers().forEach(m -> found.add(new Version(m.key(), m.versionId(), m.lastModified())));
        }
        return found;
    }

    /** Deletes every version and delete marker under {@code prefix} (1000 to a call). */
    public void deleteVersions(String bucket, String prefix) {
        List<ObjectIdentifier> ids = versions(bucket, prefix).stream()
                .map(v -> ObjectIdentifier.builder()
                        .key(v.key())
                        .versionId(v.versionId())
                        .build())
                .toList();
        for (int i = 0; i < ids.size(); i += 1000) {
            List<ObjectIdentifier> chunk = ids.subList(i, Math.min(ids.size(), i + 1000));
            s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(chunk).quiet(true)));
        }
    }
}
