package io.m300.harness.support.stack;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.config.HarnessConfig;
import io.m300.harness.support.iam.RolePolicyCheck;
import io.m300.harness.support.report.Progress;
import io.m300.harness.support.sweep.Sweeper;
import io.m300.harness.support.target.TargetEnvironment;
import java.time.Duration;

/**
 * The role-proof hook of a stack ({@code harness.enforceRolePolicy}): the state bucket is made first
 * with the emulator's administrator (a real account has it before the run), then everything else
 * (the password parameter, Terraform, the checks, the teardown, a sweep) runs as the IAM user that
 * holds the policy; at the end of the teardown the sweeper runs as that user too, and the proof says
 * whether the policy sufficed.
 */
final class RoleProof {

    private final RolePolicyEnforcement enforcement;
    private final String bucket;
    private RolePolicyEnforcement.Report report;

    private RoleProof(RolePolicyEnforcement enforcement, String bucket) {
        this.enforcement = enforcement;
        this.bucket = bucket;
    }

    /** Creates the state bucket as {@code admin} and turns enforcement on; {@code admin} is closed. */
    static RoleProof begin(AwsClients admin, TargetEnvironment environment, HarnessConfig config, Progress progress) {
        String bucket = config.stateBucket().orElse(config.runId() + "-tfstate");
        RolePolicyEnforcement enforcement =
                progress.phase("role policy proof: state bucket, IAM user, enforcement on", () -> {
                    Prerequisites.createStateBucket(admin, bucket);
                    return RolePolicyEnforcement.begin(environment, admin, config, bucket, progress);
                });
        admin.close();
        return new RoleProof(enforcement, bucket);
    }

    /** The state bucket the proof created (the run's configuration names it from here on). */
    String bucket() {
        return bucket;
    }

    /** The target as the role's user sees it: every client made from it signs as that user. */
    TargetEnvironment environment() {
        return enforcement.environment();
    }

    /** The sweeper of the nightly workflow, in the same session: its calls belong to the proof too. */
    void sweep(TargetEnvironment environment, HarnessConfig config, Progress progress) {
        try (AwsClients noRetries = AwsClients.withoutRetries(environment)) {
            var swept = new Sweeper(
                            noRetries, config.runId(), System.out, false, Duration.ofMinutes(1), Duration.ofSeconds(5))
                    .sweep(config.stateBucket());
            progress.info("role policy proof: sweep deleted " + swept.deleted().size() + " leftover(s)"
                    + (swept.clean() ? "" : "; could not delete " + swept.failed()));
            if (!swept.clean()) {
                throw new HarnessException("the sweep could not delete " + swept.failed());
            }
        }
    }

    /** Ends enforcement and judges what the role's user asked for; throws when the policy did not suffice. */
    void finish(HarnessConfig config, Progress progress) {
        report = enforcement.finish(config.workDir().resolve(config.runId()), progress);
        if (!report.proven()) {
            throw new HarnessException(
                    "the role policy " + config.enforceRolePolicy().orElseThrow() + " does not suffice: moto refused "
                            + report.refused() + " request(s), "
                            + report.with(RolePolicyCheck.Outcome.DENIED).size()
                            + " call(s) not allowed, "
                            + report.with(RolePolicyCheck.Outcome.UNMAPPED).size()
                            + " unmapped (see " + report.requestsFile() + ")");
        }
    }

    /** The proof's result once {@link #finish} ran, else null. */
    RolePolicyEnforcement.Report report() {
        return report;
    }
}
