package io.m300.harness.support.stack;

import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.config.HarnessConfig;
import io.m300.harness.support.state.BucketPolicyAnalysis;
import io.m300.harness.support.target.Capability;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * What exists before {@code terraform apply} in a real account, and what the harness therefore
 * creates first on an emulator: the state bucket (versioned, encrypted, private, TLS only) and the
 * database password as an SSM SecureString. The password is random (or HARNESS_DB_PASSWORD), is
 * written to the parameter only, and is never printed.
 */
public final class Prerequisites {

    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final AwsClients aws;
    private final String bucket;
    private final boolean ownBucket;
    private final String stateKey;
    private final String passwordParameter;
    /** The password parameter's write: beside the bucket's, and awaited before Terraform reads it. */
    private CompletableFuture<Void> parameterWritten = CompletableFuture.completedFuture(null);

    private Prerequisites(AwsClients aws, String bucket, boolean ownBucket, String stateKey, String passwordParameter) {
        this.aws = aws;
        this.bucket = bucket;
        this.ownBucket = ownBucket;
        this.stateKey = stateKey;
        this.passwordParameter = passwordParameter;
    }

    public static Prerequisites create(AwsClients aws, HarnessConfig config, RunExecutor executor) {
        String run = config.runId();
        boolean ownBucket = config.stateBucket().isEmpty();
        String bucket = config.stateBucket().orElse(run + "-tfstate");
        Prerequisites p = new Prerequisites(
                aws, bucket, ownBucket, "m300/" + run + "/terraform.tfstate", "/" + run + "/db/password");
        // Written from the start, beside the bucket and terraform init (which needs only the bucket): an
        // emulator loads its SSM service on the first call (moto: 1.3 s of its CPU, during which it answers
        // nothing else), while this JVM builds its S3 client. The apply waits for it (awaitParameter).
        // Tagged at creation (the nightly role may change and delete only what carries the run tag; AWS takes
        // no tags with Overwrite): a parameter a kept run already wrote is overwritten and keeps its tag.
        String password = password();
        p.parameterWritten = executor.run(() -> {
            try {
                aws.ssm()
                        .putParameter(r -> r.name(p.passwordParameter)
                                .type(ParameterType.SECURE_STRING)
                                .value(password)
                                .description("m300 database password (run " + run + ")")
                                .tags(software.amazon.awssdk.services.ssm.model.Tag.builder()
                                        .key("m300:run-id")
                                        .value(run)
                                        .build()));
            } catch (software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException e) {
                aws.ssm()
                        .putParameter(r -> r.name(p.passwordParameter)
                                .type(ParameterType.SECURE_STRING)
                                .value(password)
                                .overwrite(true)
                                .description("m300 database password (run " + run + ")"));
            }
        });
        if (ownBucket) {
            try {
                p.createStateBucket();
            } catch (RuntimeException e) {
                try {
                    p.removeParameter();
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        }
        return p;
    }

    /** Waits until the password parameter is written; a failed write is thrown as it was thrown. */
    public void awaitParameter() {
        DeployedStack.joined(parameterWritten);
    }

    /**
     * Creates and configures a state bucket as a real account's set-up does (docs/nightly.md, step 3),
     * before the run: harness.enforceRolePolicy makes it with the emulator's administrator and then
     * runs as the role, which may use the bucket but not create it.
     */
    public static void createStateBucket(AwsClients aws, String bucket) {
        new Prerequisites(aws, bucket, true, "", "").createStateBucket();
    }

    /** A reference to prerequisites an earlier run created (for reuse and cleanup). */
    public static Prerequisites existing(AwsClients aws, HarnessConfig config) {
        boolean ownBucket = config.stateBucket().isEmpty();
        return new Prerequisites(
                aws,
                config.stateBucket().orElse(config.runId() + "-tfstate"),
                ownBucket,
                "m300/" + config.runId() + "/terraform.tfstate",
                "/" + config.runId() + "/db/password");
    }

    public String bucket() {
        return bucket;
    }

    public String stateKey() {
        return stateKey;
    }

    public String passwordParameterName() {
        return passwordParameter;
    }

    /*
     * The TLS-only bucket policy only where the target evaluates policy conditions: moto 5.2
     * evaluates a bucket policy's Deny without its condition, so "deny when aws:SecureTransport is
     * false" refuses every request, TLS or not. Such a target lacks Capability.POLICY_CONDITIONS,
     * and STATE-02's TLS scenario is skipped there with that reason. In a real account the state
     * bucket is a prerequisite that carries the policy (see README).
     */
    private void createStateBucket() {
        aws.s3()
                .createBucket(r -> r.bucket(bucket)
                        .createBucketConfiguration(
                                c -> c.locationConstraint(aws.target().region())));
        configureStateBucket();
    }

    /**
     * Puts the state bucket back into its promised configuration, when this run created it: after
     * a mutant that changed it (STATE-02 suspends versioning, which removing the mutant's resource
     * does not undo).
     */
    public void reconcile() {
        if (ownBucket) {
            configureStateBucket();
        }
    }

    private void configureStateBucket() {
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
        if (aws.target().capabilities().has(Capability.POLICY_CONDITIONS)) {
            s3.putBucketPolicy(r -> r.bucket(bucket).policy(BucketPolicyAnalysis.tlsOnlyPolicy(bucket)));
        }
    }

    /** Removes the parameter and this run's state (and the bucket, if the run created it). */
    public void remove() {
        removeParameter();
        var s3 = aws.s3();
        List<ObjectIdentifier> objects = new ArrayList<>();
        s3.listObjectVersionsPaginator(
                        r -> r.bucket(bucket).prefix(ownBucket ? "" : "m300/" + stateKey.split("/")[1] + "/"))
                .forEach(page -> {
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
        if (ownBucket) {
            s3.deleteBucket(r -> r.bucket(bucket));
        }
    }

    /** Deletes the password parameter once its write has ended; one that was never written is not an error. */
    private void removeParameter() {
        try {
            awaitParameter();
        } catch (RuntimeException notWritten) {
            return;
        }
        try {
            aws.ssm().deleteParameter(r -> r.name(passwordParameter));
        } catch (ParameterNotFoundException gone) {
            // nothing to remove
        }
    }

    private static String password() {
        String given = System.getenv("HARNESS_DB_PASSWORD");
        if (given != null && !given.isBlank()) {
            return given;
        }
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            b.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return b.toString();
    }
}
