package io.m300.harness.support.stack;

import io.m300.harness.support.config.HarnessConfig;
import io.m300.harness.support.report.Progress;
import io.m300.harness.support.report.RunFile;
import io.m300.harness.support.report.Timings;
import io.m300.harness.support.target.TargetEnvironment;
import io.m300.harness.support.terraform.Workspace;
import java.time.Duration;
import java.time.Instant;

/**
 * What a stack writes about its run into the run's folder: {@code run.json} once deployed, and
 * {@code timings.json} (every phase, and the checks' span from the end of the deployment to the
 * destroy or the keep) when it is torn down.
 */
final class RunRecords {

    private final Instant started = Instant.now();
    private long checksStarted;

    /** Writes run.json; the checks' span starts here. */
    synchronized void deployed(HarnessConfig config, TargetEnvironment environment, Workspace workspace) {
        new RunFile(
                        config.runId(),
                        environment.name(),
                        environment.description(),
                        environment.region(),
                        started.toString(),
                        environment.capabilities().toString())
                .writeTo(workspace.root());
        checksStarted = System.nanoTime();
    }

    /** Records how long the checks took, once: from the end of the deployment to now. */
    synchronized void checksEnded(Progress progress) {
        if (checksStarted != 0) {
            progress.record(
                    "checks (every scenario between apply and destroy)",
                    Duration.ofNanos(System.nanoTime() - checksStarted));
            checksStarted = 0;
        }
    }

    /** Writes timings.json, if the run has a workspace. */
    static void timings(Progress progress, Workspace workspace) {
        if (workspace != null) {
            Timings.of(progress.timings()).writeTo(workspace.root());
        }
    }
}
