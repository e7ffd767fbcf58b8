package io.m300.harness.steps;

import io.m300.harness.support.aws.S3Reader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m300.harness.support.stack.AwsResourceExistence;
import io.m300.harness.support.stack.Leftovers;
import io.m300.harness.support.stack.StackInventory;
import io.m300.harness.support.stack.StateListedResources;
import io.m300.harness.support.state.BackendConfig;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
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
    private StackInventory stateBefore;
    private StateListedResources.Verdict listed;
    private List<String> secondPlanArgs;
    /** bucket, key and lock id of the lock file the harness wrote itself, while it holds it. */
    private String[] ownLock;

    public StateSteps(StackContext ctx) {
        this.ctx = ctx;
    }

    @When("Terraform plans the stack again")
    public void terraformPlansAgain() {
        plan = ctx.plan();
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
        List<GitIgnoreCheck.Verdict> verdicts;
        try {
            verdicts = GitIgnoreCheck.check(infra, GitIgnoreCheck.sensitivePaths());
        } catch (io.m300.harness.support.HarnessException e) {
            fail(e.getMessage()); // e.g. not in a git work tree: nothing keeps the files out of version control
            return;
        }
        ctx.evidence().record("git check-ignore in " + infra, verdicts.stream().map(Object::toString).toList());
        assertThat(verdicts.stream().filter(v -> !v.ignored()).map(GitIgnoreCheck.Verdict::path).toList())
                .as("sensitive Terraform files in %s that git would not ignore", infra).isEmpty();
    }

    // --- STATE-02 -----------------------------------------------------------------------

    @Then("the state lives in the remote state bucket")
    public void theStateLivesInTheBucket() {
        BackendConfig backend = ctx.backend();
        ctx.evidence().record("backend", backend.describe());
        if (!backend.remote()) {
            fail("no remote backend: the stack has no backend block, so its state is the local file terraform.tfstate in "
                    + ctx.stack().workspace().infra() + " (expected an s3 backend in a versioned, encrypted, private bucket)");
        }
        if (!"s3".equals(backend.type())) {
            fail("the state is in a " + backend.type() + " backend; expected an s3 backend (this check reads S3 state buckets)");
        }
        HeadObjectResponse head;
        try {
            head = new S3Reader(ctx.aws()).head(backend.bucket(), backend.key());
        } catch (S3Exception e) {
            fail("no state object at s3://" + backend.bucket() + "/" + backend.key() + ", where the stack's s3 backend keeps its state ("
                    + code(e) + ")");
            return;
        }
        ctx.evidence().record("remote state", "s3://" + backend.bucket() + "/" + backend.key() + ": " + head.contentLength() + " bytes, version "
                + head.versionId() + ", server-side encryption " + head.serverSideEncryptionAsString());
        assertThat(head.contentLength()).as("size of the state object s3://%s/%s", backend.bucket(), backend.key()).isPositive();
    }

    @Then("the state bucket has versioning enabled, default encryption and all public access blocked")
    public void theStateBucketIsVersionedEncryptedPrivate() {
        String bucket = stateBucket();
        S3Reader s3 = new S3Reader(ctx.aws());
        String versioning = s3.versioning(bucket);
        List<ServerSideEncryptionRule> rules;
        try {
            rules = s3.encryption(bucket).serverSideEncryptionConfiguration().rules();
        } catch (S3Exception e) {
            rules = List.of(); // ServerSideEncryptionConfigurationNotFoundError: no default encryption
        }
        PublicAccessBlockConfiguration block;
        try {
            block = s3.publicAccessBlock(bucket);
        } catch (S3Exception e) {
            block = PublicAccessBlockConfiguration.builder().blockPublicAcls(false).ignorePublicAcls(false)
                    .blockPublicPolicy(false).restrictPublicBuckets(false).build(); // no public access block at all
        }
        PublicAccessBlockConfiguration pab = block;
        ctx.evidence().record("state bucket " + bucket, List.of("versioning: " + versioning,
                "default encryption: " + (rules.isEmpty() ? "none" : rules.stream().map(r -> r.applyServerSideEncryptionByDefault() == null ? "none"
                        : r.applyServerSideEncryptionByDefault().sseAlgorithmAsString()
                        + (r.applyServerSideEncryptionByDefault().kmsMasterKeyID() == null ? "" : " " + r.applyServerSideEncryptionByDefault().kmsMasterKeyID())).toList()),
                "public access block: " + pab));
        assertThat(versioning).as("versioning of state bucket %s", bucket).isEqualTo("Enabled");
        assertThat(rules).as("default encryption rules of state bucket %s", bucket).isNotEmpty()
                .anySatisfy(r -> assertThat(r.applyServerSideEncryptionByDefault()).isNotNull());
        assertThat(List.of(pab.blockPublicAcls(), pab.ignorePublicAcls(), pab.blockPublicPolicy(), pab.restrictPublicBuckets()))
                .as("BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets of state bucket %s", bucket)
                .containsOnly(true);
    }

    @Then("the state bucket's policy denies every request that does not use TLS")
    public void theStateBucketDeniesPlainHttp() {
        String bucket = stateBucket();
        String policy;
        try {
            policy = new S3Reader(ctx.aws()).policy(bucket);
        } catch (S3Exception e) {
            policy = null;
            ctx.evidence().record("state bucket policy", bucket + ": no policy (" + code(e) + ")");
        }
        assertThat(policy).as("bucket policy of state bucket %s", bucket).isNotNull();
        List<String> statements = BucketPolicyAnalysis.tlsOnlyStatements(policy, bucket);
        ctx.evidence().record("state bucket policy", bucket + ": " + policy + "\nstatements denying non-TLS access: " + statements);
        assertThat(statements).as("statements of the policy of %s that deny s3:* to everyone when aws:SecureTransport is false", bucket)
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

    private static String code(S3Exception e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "HTTP " + e.statusCode()
                : e.awsErrorDetails().errorCode();
    }

    // --- STATE-03 -----------------------------------------------------------------------

    @Given("the stack's backend is configured to lock the state")
    public void theBackendLocks() {
        BackendConfig backend = ctx.backend();
        ctx.evidence().record("backend", backend.describe());
        if (backend.locking().isEmpty()) {
            fail(backend.remote()
                    ? "locking is not configured: the " + backend.type() + " backend has neither use_lockfile = true nor a dynamodb_table ("
                            + ctx.stack().workspace().infra() + ")"
                    : "locking is not configured: the stack has no remote backend (its local terraform.tfstate in "
                            + ctx.stack().workspace().infra() + " is locked only on this machine)");
        }
    }

    @Given("one Terraform operation holds the state lock")
    public void oneOperationHoldsTheLock() {
        var stack = ctx.stack();
        BackendConfig backend = ctx.backend();
        // (the shared plan of drift and SEC-03 takes no lock: it may run meanwhile)
        secondPlanArgs = planArgs();
        if ("s3".equals(backend.type()) && backend.useLockfile()) {
            // Hold the lock the way Terraform holds it: the lock file next to the state, written only if
            // none exists (If-None-Match: *). No Terraform process needs to start and wait for it.
            String lock = backend.key() + ".tflock";
            String id = UUID.randomUUID().toString();
            String info = "{\"ID\":\"" + id + "\",\"Operation\":\"OperationTypeApply\",\"Info\":\"\",\"Who\":\"m300-harness (STATE-03)\","
                    + "\"Version\":\"1.11.4\",\"Created\":\"" + Instant.now() + "\",\"Path\":\"" + backend.bucket() + "/" + backend.key() + "\"}";
            new S3Reader(ctx.aws()).putJsonIfAbsent(backend.bucket(), lock, info);
            ownLock = new String[] {backend.bucket(), lock, id};
            ctx.evidence().record("lock holder", "the harness holds the S3 lock file s3://" + backend.bucket() + "/" + lock
                    + " (lock " + id + "), written the way Terraform writes it (conditional PutObject, If-None-Match: *)");
            return;
        }
        lockHolderLog = stack.workspace().root().resolve("lock-holder.log");
        // 'terraform console' takes the state lock and holds it until its input ends: a lock held as
        // long as the check needs, whatever the backend.
        lockHolder = stack.terraform().start(List.of("console", "-lock-timeout=60s"), lockHolderLog);
        await("the lock holder to take the lock").atMost(Duration.ofSeconds(90)).pollDelay(Duration.ofSeconds(3)).pollInterval(Duration.ofSeconds(1))
                .failFast("the lock holder exited early (see " + lockHolderLog + ")", () -> !lockHolder.isAlive())
                .until(() -> lockErrorFrom(stack.terraform().run(secondPlanArgs, false)));
        ctx.evidence().record("lock holder", "terraform console (pid " + lockHolder.pid() + ") holds the lock of the " + backend.describe());
    }

    /** The plan both attempts run: no refresh, no waiting for the lock, one resource without dependencies. */
    private List<String> planArgs() {
        List<String> args = new ArrayList<>(List.of("plan", "-input=false", "-no-color", "-refresh=false", "-lock-timeout=0s", "-detailed-exitcode"));
        cheapTarget().ifPresent(t -> args.add("-target=" + t));
        return args;
    }

    /** A managed resource that depends on nothing (a VPC, preferably): planning it alone needs no data source. */
    private Optional<String> cheapTarget() {
        try {
            JsonNode state = new ObjectMapper().readTree(ctx.stack().stateDocument());
            String best = null;
            for (JsonNode r : state.path("resources")) {
                JsonNode i = r.path("instances").path(0);
                if (!"managed".equals(r.path("mode").asText()) || r.has("module") || i.has("index_key") || i.path("dependencies").size() > 0) {
                    continue;
                }
                String address = r.path("type").asText() + "." + r.path("name").asText();
                if (best == null || r.path("type").asText().equals("aws_vpc")) {
                    best = address;
                }
            }
            return Optional.ofNullable(best);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean lockErrorFrom(Terraform.Result r) {
        return r.exitCode() == 1 && (r.stderr() + r.stdout()).contains("Error acquiring the state lock");
    }

    @When("a second Terraform plan runs with a lock timeout of 0 seconds")
    public void aSecondPlanRuns() {
        secondPlan = ctx.stack().terraform().run(secondPlanArgs, false);
    }

    @Then("the second plan fails with a state lock error")
    public void theSecondPlanFailsWithALockError() {
        String out = secondPlan.stderr() + "\n" + secondPlan.stdout();
        ctx.evidence().record("second plan while locked", "terraform " + String.join(" ", secondPlanArgs) + "\nexit " + secondPlan.exitCode()
                + ": " + excerpt(out, "Error acquiring the state lock"));
        assertThat(secondPlan.exitCode()).as("exit code of the second plan while the state is locked").isEqualTo(1);
        assertThat(out).as("output of the second plan while the state is locked").contains("Error acquiring the state lock");
    }

    @Then("once the lock is released, the same plan succeeds")
    public void onceReleasedThePlanSucceeds() throws Exception {
        String released;
        if (ownLock != null) {
            releaseOwnLock();
            released = "the harness deleted its lock file";
        } else {
            lockHolder.getOutputStream().close(); // end of input: console exits and releases the lock
            assertThat(lockHolder.waitFor(60, TimeUnit.SECONDS)).as("lock holder to exit within 60 s after its input ended").isTrue();
            released = "lock holder exited with " + lockHolder.exitValue();
        }
        Terraform.Result again = ctx.stack().terraform().run(secondPlanArgs, false);
        ctx.evidence().record("plan after release", released + "; the same plan now exits "
                + again.exitCode() + " (0: no changes, 2: changes)");
        assertThat(again.exitCode()).as("exit code of the plan once the lock is released: %s", excerpt(again.stderr(), "Error")).isIn(0, 2);
    }

    @After
    public void stopLockHolder() {
        releaseOwnLock();
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

    /** Deletes the lock file the harness wrote, if it is still the harness's own (never another operation's). */
    private void releaseOwnLock() {
        if (ownLock == null) {
            return;
        }
        String[] lock = ownLock;
        ownLock = null;
        try {
            S3Reader s3 = new S3Reader(ctx.aws());
            String info = s3.text(lock[0], lock[1]);
            if (info.contains(lock[2])) {
                s3.delete(lock[0], lock[1]);
            }
        } catch (NoSuchKeyException gone) {
            // already released
        }
    }

    private boolean lockObjectExists(String key) {
        try {
            new S3Reader(ctx.aws()).head(ctx.stack().prerequisites().bucket(), key);
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
        ctx.awaitPlan(); // the background plan reads the stack while it runs
        stateBefore = ctx.inventory(); // what the state lists, read before the destroy empties it
        ctx.stack().destroyKeepingTarget();
        listed = StateListedResources.check(stateBefore, new AwsResourceExistence(ctx.aws()));
        leftovers = TaggedResources.find(ctx.aws(), "m300:run-id", ctx.stack().config().runId());
    }

    @Then("every resource the state listed before the destroy is gone, by its own describe call")
    public void everyStateListedResourceIsGone() {
        ctx.evidence().record("resources the state listed before destroy", List.of(
                "state before destroy: " + stateBefore.summary(),
                "gone: " + listed.gone().size() + " (" + listed.gone().stream().map(c -> c.address()).toList() + ")",
                "still there: " + (listed.remaining().isEmpty() ? "none" : listed.remaining()),
                "not checkable (no describe call known for the type, not counted as gone): "
                        + (listed.notCheckable().isEmpty() ? "none" : listed.notCheckable()),
                "lookups that failed: " + (listed.errors().isEmpty() ? "none" : listed.errors())));
        assertThat(listed.checked()).as("resources of the state that could be looked up after destroy (%s)", stateBefore.summary())
                .isPositive();
        assertThat(listed.errors()).as("lookups that failed (a failed lookup proves nothing)").isEmpty();
        assertThat(listed.remaining()).as("resources the state listed that still exist after terraform destroy").isEmpty();
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
