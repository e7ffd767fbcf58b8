package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.m300.harness.support.stack.Leftovers;
import io.m300.harness.support.stack.TaggedResources;
import io.m300.harness.support.state.BucketPolicyAnalysis;
import io.m300.harness.support.state.GitIgnoreCheck;
import io.m300.harness.support.terraform.DriftAnalysis;
import io.m300.harness.support.terraform.Terraform;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Terraform state hygiene and drift: the deployed stack is what its code says. */
public final class StateSteps {

    private final StackContext ctx;
    private JsonNode plan;
    private Process lockHolder;
    private Path lockHolderLog;
    private Terraform.Result secondPlan;
    private TaggedResources.Listing leftovers;

    public StateSteps(StackContext ctx) {
        this.ctx = ctx;
    }

    @When("Terraform plans the stack again")
    public void terraformPlansAgain() {
        plan = StackContext.savedPlan(ctx.stack());
    }

    @Then("the plan shows no changes apart from the target's known read-back gaps")
    public void thePlanShowsNoChanges() {
        DriftAnalysis.Verdict verdict = DriftAnalysis.judge(plan, ctx.target().name());
        ctx.evidence().record("drift", "planned changes: " + (verdict.drift().isEmpty() ? "none" : verdict.drift())
                + "\ntolerated read-back gaps of " + ctx.target().name() + ": "
                + (verdict.tolerated().isEmpty() ? "none" : verdict.tolerated()));
        assertThat(verdict.drift()).as("drift right after apply (resource, actions, attributes)").isEmpty();
    }

    // --- STATE-01 -----------------------------------------------------------------------

    @Then("git ignores Terraform's working directory, state files, variables file and crash log in the infra directory")
    public void gitIgnoresSensitiveTerraformFiles() {
        Path infra = ctx.stack().config().infraDir().toAbsolutePath();
        List<GitIgnoreCheck.Verdict> verdicts = GitIgnoreCheck.check(infra, GitIgnoreCheck.sensitivePaths());
        ctx.evidence().record("git check-ignore in " + infra, verdicts.stream().map(Object::toString).toList());
        assertThat(verdicts.stream().filter(v -> !v.ignored()).map(GitIgnoreCheck.Verdict::path).toList())
                .as("sensitive Terraform files in %s that git would not ignore", infra).isEmpty();
    }

    // --- STATE-02 -----------------------------------------------------------------------

    @Then("the state lives in the remote state bucket")
    public void theStateLivesInTheBucket() {
        var p = ctx.stack().prerequisites();
        var head = ctx.aws().s3().headObject(r -> r.bucket(p.bucket()).key(p.stateKey()));
        ctx.evidence().record("remote state", "s3://" + p.bucket() + "/" + p.stateKey() + ": " + head.contentLength() + " bytes, version "
                + head.versionId() + ", server-side encryption " + head.serverSideEncryptionAsString());
        assertThat(head.contentLength()).as("size of the state object s3://%s/%s", p.bucket(), p.stateKey()).isPositive();
    }

    @Then("the state bucket has versioning enabled, default encryption and all public access blocked")
    public void theStateBucketIsVersionedEncryptedPrivate() {
        String bucket = ctx.stack().prerequisites().bucket();
        var s3 = ctx.aws().s3();
        String versioning = s3.getBucketVersioning(r -> r.bucket(bucket)).statusAsString();
        var rules = s3.getBucketEncryption(r -> r.bucket(bucket)).serverSideEncryptionConfiguration().rules();
        var block = s3.getPublicAccessBlock(r -> r.bucket(bucket)).publicAccessBlockConfiguration();
        ctx.evidence().record("state bucket " + bucket, List.of("versioning: " + versioning,
                "default encryption: " + rules.stream().map(r -> r.applyServerSideEncryptionByDefault() == null ? "none"
                        : r.applyServerSideEncryptionByDefault().sseAlgorithmAsString()
                        + (r.applyServerSideEncryptionByDefault().kmsMasterKeyID() == null ? "" : " " + r.applyServerSideEncryptionByDefault().kmsMasterKeyID())).toList(),
                "public access block: " + block));
        assertThat(versioning).as("versioning of state bucket %s", bucket).isEqualTo("Enabled");
        assertThat(rules).as("default encryption rules of state bucket %s", bucket).isNotEmpty()
                .anySatisfy(r -> assertThat(r.applyServerSideEncryptionByDefault()).isNotNull());
        assertThat(List.of(block.blockPublicAcls(), block.ignorePublicAcls(), block.blockPublicPolicy(), block.restrictPublicBuckets()))
                .as("BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets of state bucket %s", bucket)
                .containsOnly(true);
    }

    @Then("the state bucket's policy denies every request that does not use TLS")
    public void theStateBucketDeniesPlainHttp() {
        String bucket = ctx.stack().prerequisites().bucket();
        String policy;
        try {
            policy = ctx.aws().s3().getBucketPolicy(r -> r.bucket(bucket)).policy();
        } catch (S3Exception e) {
            policy = null;
            ctx.evidence().record("state bucket policy", bucket + ": no policy (" + e.awsErrorDetails().errorCode() + ")");
        }
        assertThat(policy).as("bucket policy of state bucket %s", bucket).isNotNull();
        List<String> statements = BucketPolicyAnalysis.tlsOnlyStatements(policy, bucket);
        ctx.evidence().record("state bucket policy", bucket + ": " + policy + "\nstatements denying non-TLS access: " + statements);
        assertThat(statements).as("statements of the policy of %s that deny s3:* to everyone when aws:SecureTransport is false", bucket)
                .isNotEmpty();
    }

    // --- STATE-03 -----------------------------------------------------------------------

    @Given("one Terraform operation holds the state lock")
    public void oneOperationHoldsTheLock() {
        var stack = ctx.stack();
        lockHolderLog = stack.workspace().root().resolve("lock-holder.log");
        // 'terraform console' takes the state lock and holds it until its input ends: a lock held as
        // long as the check needs, not for as long as a plan happens to take.
        lockHolder = stack.terraform().start(List.of("console"), lockHolderLog);
        String lock = stack.prerequisites().stateKey() + ".tflock";
        await("lock object s3://" + stack.prerequisites().bucket() + "/" + lock + " to appear")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(300))
                .failFast("the lock holder exited early (see " + lockHolderLog + ")", () -> !lockHolder.isAlive())
                .until(() -> lockObjectExists(lock));
        ctx.evidence().record("lock holder", "terraform console (pid " + lockHolder.pid() + ") holds s3://"
                + stack.prerequisites().bucket() + "/" + lock);
    }

    @When("a second Terraform plan runs with a lock timeout of 0 seconds")
    public void aSecondPlanRuns() {
        secondPlan = ctx.stack().terraform().run(List.of("plan", "-input=false", "-no-color", "-refresh=false", "-lock-timeout=0s", "-detailed-exitcode"), false);
    }

    @Then("the second plan fails with a state lock error")
    public void theSecondPlanFailsWithALockError() {
        String out = secondPlan.stderr() + "\n" + secondPlan.stdout();
        ctx.evidence().record("second plan while locked", "exit " + secondPlan.exitCode() + ": " + excerpt(out, "Error acquiring the state lock"));
        assertThat(secondPlan.exitCode()).as("exit code of the second plan while the state is locked").isEqualTo(1);
        assertThat(out).as("output of the second plan while the state is locked").contains("Error acquiring the state lock");
    }

    @Then("once the lock is released, the same plan succeeds")
    public void onceReleasedThePlanSucceeds() throws Exception {
        String lock = ctx.stack().prerequisites().stateKey() + ".tflock";
        lockHolder.getOutputStream().close(); // end of input: console exits and releases the lock
        assertThat(lockHolder.waitFor(60, TimeUnit.SECONDS)).as("lock holder to exit within 60 s after its input ended").isTrue();
        await("lock object " + lock + " to disappear").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> !lockObjectExists(lock));
        Terraform.Result again = ctx.stack().terraform().run(List.of("plan", "-input=false", "-no-color", "-refresh=false", "-lock-timeout=0s", "-detailed-exitcode"), false);
        ctx.evidence().record("plan after release", "lock holder exited with " + lockHolder.exitValue() + "; the same plan now exits "
                + again.exitCode() + " (0: no changes, 2: changes)");
        assertThat(again.exitCode()).as("exit code of the plan once the lock is released: %s", again.stderr().strip()).isIn(0, 2);
    }

    @After
    public void stopLockHolder() {
        if (lockHolder != null && lockHolder.isAlive()) {
            try {
                lockHolder.getOutputStream().close();
            } catch (IOException ignored) {
                // already closed
            }
            try {
                if (!lockHolder.waitFor(30, TimeUnit.SECONDS)) {
                    lockHolder.destroy();
                    lockHolder.waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                lockHolder.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        lockHolder = null;
    }

    private boolean lockObjectExists(String key) {
        try {
            ctx.aws().s3().headObject(r -> r.bucket(ctx.stack().prerequisites().bucket()).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static String excerpt(String text, String marker) {
        int i = text.indexOf(marker);
        String s = i < 0 ? text.strip() : text.substring(i);
        s = s.replaceAll("[\\s\u2502\u2575\u2577]+", " ").trim();
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }

    // --- Teardown -----------------------------------------------------------------------

    @Before("@teardown")
    public void skipTeardownWhenKept(Scenario scenario) {
        if (ctx.stack().config().keep()) {
            String reason = "skipped: harness.keep=true leaves the stack of run " + ctx.stack().config().runId() + " deployed";
            scenario.log(reason);
            throw new TestAbortedException(reason);
        }
    }

    @When("the stack is destroyed with terraform destroy")
    public void theStackIsDestroyed() {
        ctx.stack().destroyKeepingTarget();
        leftovers = TaggedResources.find(ctx.aws(), "m300:run-id", ctx.stack().config().runId());
    }

    @Then("nothing that carries the run's tag remains, apart from what AWS keeps after a deletion")
    public void nothingRemains() {
        Leftovers.Verdict verdict = Leftovers.judge(leftovers.found());
        ctx.evidence().record("leftovers of run " + ctx.stack().config().runId(), List.of(
                "searched: " + leftovers.searched() + " for tag m300:run-id=" + ctx.stack().config().runId(),
                "remaining: " + (verdict.remaining().isEmpty() ? "none" : verdict.remaining()),
                "tolerated (kept by AWS after deletion): " + (verdict.tolerated().isEmpty() ? "none" : verdict.tolerated()),
                "listings that failed: " + (leftovers.errors().isEmpty() ? "none" : leftovers.errors())));
        assertThat(leftovers.errors()).as("listings of tagged resources that failed (a failed listing proves nothing)").isEmpty();
        assertThat(verdict.remaining()).as("resources tagged m300:run-id=%s after terraform destroy", ctx.stack().config().runId()).isEmpty();
    }
}
