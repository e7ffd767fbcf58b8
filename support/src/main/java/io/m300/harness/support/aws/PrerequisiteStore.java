package io.m300.harness.support.aws;

import io.m300.harness.support.stack.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.Tag;

/**
 * The harness's own prerequisites on the target (not the stack's resources): the state bucket with its
 * state, and the database password parameter. The one place that calls the SDK to write, read back and
 * remove them (stack.Prerequisites decides what and when). SDK errors are thrown as they are thrown.
 */
public final class PrerequisiteStore {

    private final AwsClients aws;

    public PrerequisiteStore(AwsClients aws) {
        this.aws = aws;
    }

    /**
     * Writes the password as a SecureString parameter, tagged with the run at creation (AWS takes no tags
     * with Overwrite): a parameter a kept run already wrote is overwritten and keeps its tag.
     */
    public void putPassword(String name, String password, String run) {
        try {
            aws.ssm()
                    .putParameter(r -> r.name(name)
                            .type(ParameterType.SECURE_STRING)
                            .value(password)
                            .description("m300 database password (run " + run + ")")
                            .tags(Tag.builder().key("m300:run-id").value(run).build()));
        } catch (ParameterAlreadyExistsException e) {
            aws.ssm()
                    .putParameter(r -> r.name(name)
                            .type(ParameterType.SECURE_STRING)
                            .value(password)
                            .overwrite(true)
                            .description("m300 database password (run " + run + ")"));
        }
    }

    /** The password, read with decryption. Never print it. */
    public Secret password(String name) {
        return new Secret(aws.ssm()
                .getParameter(r -> r.name(name).withDecryption(true))
                .parameter()
                .value());
    }

    /** Deletes the password parameter; one that does not exist is not an error. */
    public void deletePassword(String name) {
        try {
            aws.ssm().deleteParameter(r -> r.name(name));
        } catch (ParameterNotFoundException gone) {
            // nothing to remove
        }
    }

    /** Creates the state bucket in the target's region. */
    public void createBucket(String bucket) {
        aws.s3()
                .createBucket(r -> r.bucket(bucket)
                        .createBucketConfiguration(
                                c -> c.locationConstraint(aws.target().region())));
    }

    /**
     * Versioning on, AES256 default encryption, every public access blocked, and the bucket policy when
     * one is given.
     */
    public void configureStateBucket(String bucket, Optional<String> policy) {
        var s3 = aws.s3();
        s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        s3.putBucketEncryption(r -> r.bucket(bucket)
                .serverSideEncryptionConfiguration(c -> c.rules(rule ->
                        rule.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
        s3.putPublicAccessBlock(r -> r.bucket(bucket)
                .publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)
                        .blockPublicPolicy(true)
                        .ignorePublicAcls(true)
                        .restrictPublicBuckets(true)));
        if (policy.isPresent()) {
            s3.putBucketPolicy(r -> r.bucket(bucket).policy(policy.get()));
        }
    }

    /** The object's content as text: the raw state document, read from the backend where it lives. */
    public String stateDocument(String bucket, String key) {
        return aws.s3().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
    }

    /**
     * Deletes every version and delete marker under {@code prefix} (500 to a request), then the bucket
     * itself when {@code deleteBucket}.
     */
    public void removeState(String bucket, String prefix, boolean deleteBucket) {
        var s3 = aws.s3();
        List<ObjectIdentifier> objects = new ArrayList<>();
        s3.listObjectVersionsPaginator(r -> r.bucket(bucket).prefix(prefix)).forEach(page -> {
            page.versions()
                    .forEach(v -> objects.add(ObjectIdentifier.builder()
                            .key(v.key())
                            .versionId(v.versionId())
                            .build()));
            page.deleteMarkers()
                    .forEach(v -> objects.add(ObjectIdentifier.builder()
                            .key(v.key())
                            .versionId(v.versionId())
                            .build()));
        });
        for (int i = 0; i < objects.size(); i += 500) {
            List<ObjectIdentifier> batch = objects.subList(i, Math.min(objects.size(), i + 500));
            s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
        }
        if (deleteBucket) {
            s3.deleteBucket(r -> r.bucket(bucket));
        }
    }
}
