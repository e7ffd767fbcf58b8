package io.m300.harness.support.stack;

import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.aws.PrerequisiteStore;
import io.m300.harness.support.config.HarnessConfig;
import io.m300.harness.support.state.BucketPolicyAnalysis;
import io.m300.harness.support.target.Capability;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What exists before {@code terraform apply} in a real account, and what the harness therefore
 * creates first on an emulator: the state bucket (versioned, encrypted, private, TLS only) and the
 * database password as an SSM SecureString. The password is random (or HARNESS_DB_PASSWORD), is
 * written to the parameter only, and is never printed. The SDK calls are {@link PrerequisiteStore}'s.
 */
public final class Prerequisites {

    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final AwsClients aws;
    private final PrerequisiteStore store;
    private final String bucket;
    private final boolean ownBucket;
    private final String stateKey;
    private final String passwordParameter;
    /** The password parameter's write: beside the bucket's, and awaited before Terraform reads it. */
    private CompletableFuture<Void> parameterWritten = CompletableFuture.completedFuture(null);

    private Prerequisites(AwsClients aws, String bucket, boolean ownBucket, String stateKey, String passwordParameter) {
        this.aws = aws;
        this.store = new PrerequisiteStore(aws);
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
        String password = newPassword();
        p.parameterWritten = executor.run(() -> p.store.putPassword(p.passwordParameter, password, run));
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
        store.createBucket(bucket);
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
        store.configureStateBucket(
                bucket,
                aws.target().capabilities().has(Capability.POLICY_CONDITIONS)
                        ? Optional.of(BucketPolicyAnalysis.tlsOnlyPolicy(bucket))
                        : Optional.empty());
    }

    /** Removes the parameter and this run's state (and the bucket, if the run created it). */
    public void remove() {
        removeParameter();
        store.removeState(bucket, ownBucket ? "" : "m300/" + stateKey.split("/")[1] + "/", ownBucket);
    }

    /** The database password, read with decryption from the parameter. Never print it. */
    public Secret password() {
        return store.password(passwordParameter);
    }

    /** The raw state document, read from the backend (S3) where it lives, not through Terraform. */
    public String stateFromBackend() {
        return store.stateDocument(bucket, stateKey);
    }

    /** Deletes the password parameter once its write has ended; one that was never written is not an error. */
    private void removeParameter() {
        try {
            awaitParameter();
        } catch (RuntimeException notWritten) {
            return;
        }
        store.deletePassword(passwordParameter);
    }

    private static String newPassword() {
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
