package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.m300.harness.support.HarnessException;
import io.m300.harness.support.aws.S3Reader;
import io.m300.harness.support.state.BackendConfig;
import io.m300.harness.support.state.BucketPolicyAnalysis;
import io.m300.harness.support.state.GitIgnoreCheck;
import io.m300.harness.support.state.StateLockCheck;
import io.m300.harness.support.terraform.DriftAnalysis;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/** Terraform state hygiene and drift: the deployed stack is what its code says. */
public final class StateSteps {

    private final StackContext ctx;
    private JsonNode plan;
    /** The state-lock check made before the shared plan, and the plan it tried while the lock was held. */
    private StateLockCheck lock;

    private StateLockCheck.Attempt secondPlan;

    public StateSteps(StackContext ctx) {
        this.ctx = ctx;
    }

    @When("Terraform plans the stack again")
    public void terraformPlansAgain() {
        plan = ctx.plan();
    }

    @Then("the plan shows no changes apart from the target's known read-back gaps")
    public void thePlanShowsNoChanges() {
        // target aws at AWS_ENDPOINT_URL is the nightly rehearsal's moto (.ci/nightly/rehearse.sh): moto's gaps
        String gaps = ctx.target().name().equals("aws") && ctx.target().isEmulator()
                ? "moto"
                : ctx.target().name();
        DriftAnalysis.Verdict verdict = DriftAnalysis.judge(plan, gaps);
        ctx.evidence()
                .record(
                        "drift",
                        "planned changes: " + (verdict.drift().isEmpty() ? "none" : verdict.drift())
                                + "\ntolerated read-back gaps of " + gaps + ": "
                                + (verdict.tolerated().isEmpty() ? "none" : verdict.tolerated()));
        assertThat(verdict.drift())
                .as("drift right after apply (resource, actions, attributes)")
                .isEmpty();
    }

    // --- STATE-01 -----------------------------------------------------------------------

    @Then("git ignores Terraform's working directory, state files, variables file and crash log in the infra directory")
    public void gitIgnoresSensitiveTerraformFiles() {
        Path infra = ctx.stack().config().infraDir().toAbsolutePath();
        List<GitIgnoreCheck.Verdict> verdicts;
        try {
            verdicts = GitIgnoreCheck.check(infra, GitIgnoreCheck.sensitivePaths());
        } catch (HarnessException e) {
            fail(e.getMessage()); // e.g. not in a git work tree: nothing keeps the files out of version control
            return;
        }
        ctx.evidence()
                .record(
                        "git check-ignore in " + infra,
                        verdicts.stream().map(Object::toString).toList());
        assertThat(verdicts.stream()
                        .filter(v -> !v.ignored())
                        .map(GitIgnoreCheck.Verdict::path)
                        .toList())
                .as("sensitive Terraform files in %s that git would not ignore", infra)
                .isEmpty();
    }

    // --- STATE-02 -----------------------------------------------------------------------

    @Then("the state lives in the remote state bucket")
    public void theStateLivesInTheBucket() {
        BackendConfig backend = ctx.backend();
        ctx.evidence().record("backend", backend.describe());
        if (!backend.remote()) {
            fail(
                    "no remote backend: the stack has no backend block, so its state is the local file terraform.tfstate in "
                            + ctx.stack().workspace().infra()
                            + " (expected an s3 backend in a versioned, encrypted, private bucket)");
        }
        if (!"s3".equals(backend.type())) {
            fail("the state is in a " + backend.type()
                    + " backend; expected an s3 backend (this check reads S3 state buckets)");
        }
        HeadObjectResponse head =
                new S3Reader(ctx.aws()).head(backend.bucket(), backend.key()).orElse(null);
        if (head == null) {
            fail("no state object at s3://" + backend.bucket() + "/" + backend.key()
                    + ", where the stack's s3 backend keeps its state (NoSuchKey)");
            return;
        }
        ctx.evidence()
                .record(
                        "remote state",
                        "s3://" + backend.bucket() + "/" + backend.key() + ": " + head.contentLength()
                                + " bytes, version " + head.versionId() + ", server-side encryption "
                                + head.serverSideEncryptionAsString());
        assertThat(head.contentLength())
                .as("size of the state object s3://%s/%s", backend.bucket(), backend.key())
                .isPositive();
    }

    @Then("the state bucket has versioning enabled, default encryption and all public access blocked")
    public void theStateBucketIsVersionedEncryptedPrivate() {
        String bucket = stateBucket();
        BucketFacts facts = BucketFacts.read(new S3Reader(ctx.aws()), bucket);
        ctx.evidence().record("state bucket " + bucket, facts.describe());
        assertThat(facts.versioning())
                .as("versioning of state bucket %s", bucket)
                .isEqualTo("Enabled");
        assertThat(facts.encryption())
                .as(
                        "default encryption rules of state bucket %s (ServerSideEncryptionConfigurationNotFoundError: none)",
                        bucket)
                .isNotEmpty()
                .anySatisfy(
                        r -> assertThat(r.applyServerSideEncryptionByDefault()).isNotNull());
        PublicAccessBlockConfiguration pab = facts.publicAccessBlock();
        assertThat(pab)
                .as("public access block of state bucket %s (NoSuchPublicAccessBlockConfiguration: none)", bucket)
                .isNotNull();
        assertThat(List.of(
                        pab.blockPublicAcls(),
                        pab.ignorePublicAcls(),
                        pab.blockPublicPolicy(),
                        pab.restrictPublicBuckets()))
                .as(
                        "BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets of state bucket %s",
                        bucket)
                .containsOnly(true);
    }

    /**
     * What STATE-02 reads of a bucket: each "none" is S3's documented not-found answer for that
     * call; any other error is {@link io.m300.harness.support.aws.CouldNotVerify}, never a finding.
     */
    record BucketFacts(
            String versioning,
            List<ServerSideEncryptionRule> encryption,
            PublicAccessBlockConfiguration publicAccessBlock) {

        static BucketFacts read(S3Reader s3, String bucket) {
            return new BucketFacts(
                    s3.versioning(bucket),
                    s3.encryption(bucket).orElse(List.of()),
                    s3.publicAccessBlock(bucket).orElse(null));
        }

        List<String> describe() {
            return List.of(
                    "versioning: " + versioning,
                    "default encryption: "
                            + (encryption.isEmpty()
                                    ? "none (ServerSideEncryptionConfigurationNotFoundError)"
                                    : encryption.stream()
                                            .map(r -> r.applyServerSideEncryptionByDefault() == null
                                                    ? "none"
                                                    : r.applyServerSideEncryptionByDefault()
                                                                    .sseAlgorithmAsString()
                                                            + (r.applyServerSideEncryptionByDefault()
                                                                                    .kmsMasterKeyID()
                                                                            == null
                                                                    ? ""
                                                                    : " "
                                                                            + r.applyServerSideEncryptionByDefault()
                                                                                    .kmsMasterKeyID()))
                                            .toList()),
                    "public access block: "
                            + (publicAccessBlock == null
                                    ? "none (NoSuchPublicAccessBlockConfiguration)"
                                    : publicAccessBlock));
        }
    }

    @Then("the state bucket's policy denies every request that does not use TLS")
    public void theStateBucketDeniesPlainHttp() {
        String bucket = stateBucket();
        String policy = new S3Reader(ctx.aws()).policy(bucket).orElse(null);
        if (policy == null) {
            ctx.evidence().record("state bucket policy", bucket + ": no policy (NoSuchBucketPolicy)");
        }
        assertThat(policy).as("bucket policy of state bucket %s", bucket).isNotNull();
        List<String> statements = BucketPolicyAnalysis.tlsOnlyStatements(policy, bucket);
        ctx.evidence()
                .record(
                        "state bucket policy",
                        bucket + ": " + policy + "\nstatements denying non-TLS access: " + statements);
        assertThat(statements)
                .as(
                        "statements of the policy of %s that deny s3:* to everyone when aws:SecureTransport is false",
                        bucket)
                .isNotEmpty();
    }

    /** The bucket the stack's s3 backend names; a one-line finding when there is none. */
    private String stateBucket() {
        BackendConfig backend = ctx.backend();
        if (!"s3".equals(backend.type()) || backend.bucket().isBlank()) {
            fail("no state bucket: " + backend.describe() + " (expected an s3 backend)");
        }
        return backend.bucket();
    }

    // --- STATE-03 -----------------------------------------------------------------------

    @Given("the stack's backend is configured to lock the state")
    public void theBackendLocks() {
        BackendConfig backend = ctx.backend();
        ctx.evidence().record("backend", backend.describe());
        if (backend.locking().isEmpty()) {
            fail(
                    backend.remote()
                            ? "locking is not configured: the " + backend.type()
                                    + " backend has neither use_lockfile = true nor a dynamodb_table ("
                                    + ctx.stack().workspace().infra() + ")"
                            : "locking is not configured: the stack has no remote backend (its local terraform.tfstate in "
                                    + ctx.stack().workspace().infra() + " is locked only on this machine)");
        }
    }

    @Given("one Terraform operation holds the state lock")
    public void oneOperationHoldsTheLock() {
        // made right before the plan that drift and SEC-03 share (StateLockCheck): that plan is the one tried
        lock = ctx.lockCheck();
        ctx.evidence().record("lock holder", lock.holder().isEmpty() ? "none" : lock.holder());
        if (lock.whileHeld() == null) {
            fail(
                    lock.problem() != null
                            ? lock.problem()
                            : "the state-lock check was not made ("
                                    + lock.backend().describe() + ")");
        }
    }

    @When("a second Terraform plan runs with a lock timeout of 0 seconds")
    public void aSecondPlanRuns() {
        secondPlan = lock.whileHeld();
    }

    @Then("the second plan fails with a state lock error")
    public void theSecondPlanFailsWithALockError() {
        ctx.evidence()
                .record(
                        "second plan while locked",
                        secondPlan.command() + "\nexit " + secondPlan.exitCode() + ": " + secondPlan.excerpt());
        assertThat(secondPlan.exitCode())
                .as("exit code of the second plan while the state is locked")
                .isEqualTo(1);
        assertThat(secondPlan.excerpt())
                .as("output of the second plan while the state is locked")
                .contains(StateLockCheck.LOCK_ERROR);
    }

    @Then("once the lock is released, the same plan succeeds")
    public void onceReleasedThePlanSucceeds() {
        StateLockCheck.Attempt again = lock.afterRelease();
        assertThat(lock.problem()).as("the state-lock check").isNull();
        assertThat(again).as("the plan once the lock is released").isNotNull();
        ctx.evidence()
                .record(
                        "plan after release",
                        lock.released() + "; the same plan (" + again.command()
                                + ", the one drift and SEC-03 read) now exits " + again.exitCode()
                                + " (0: no changes, 2: changes)"
                                + (again.exitCode() == 0 || again.exitCode() == 2 ? "" : ": " + again.excerpt()));
        assertThat(again.exitCode())
                .as("exit code of the plan once the lock is released: %s", again.excerpt())
                .isIn(0, 2);
    }
}
