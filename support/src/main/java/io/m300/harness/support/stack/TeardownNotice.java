package io.m300.harness.support.stack;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What teardown does with the prerequisites (the Terraform state and the password parameter) when
 * {@code terraform destroy} failed: it keeps them, because the state is the only complete list of
 * what is still deployed and the parameter is what a second destroy reads, and it says so in one
 * line with how to finish.
 */
public final class TeardownNotice {

    private TeardownNotice() {}

    /**
     * Empty when the prerequisites may be removed (no destroy was needed, or it succeeded);
     * otherwise the one line that says what is left and how to finish.
     */
    public static Optional<String> keepPrerequisites(
            boolean destroyFailed,
            String runId,
            String bucket,
            String stateKey,
            String passwordParameter,
            Path workspace) {
        if (!destroyFailed) {
            return Optional.empty();
        }
        return Optional.of("terraform destroy of run " + runId + " failed: kept its state s3://" + bucket + "/"
                + stateKey
                + " and the parameter " + passwordParameter + "; finish with .ci/fallback-destroy.sh " + workspace
                + " (or the Sweeper: --run-id " + runId + " --state-bucket " + bucket + ")");
    }
}
