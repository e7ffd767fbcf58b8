package io.m300.harness.features;

import io.m300.harness.steps.Lifecycle;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the deployment when the JUnit launcher session opens, seconds before Cucumber has parsed
 * the features and loaded its glue and its first hook runs: the emulator's start, the prerequisites
 * and {@code terraform init} overlap that work, and the first hook waits for the deployment as it
 * always did (a failed one fails every scenario with its message). Only where the build asks for it
 * ({@code m300.deployWhileDiscovering}, set by failsafe for the features suite): a unit test's JVM,
 * and the mutation run, whose shards deploy their own stacks, never deploy here.
 */
public final class EarlyDeployment implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (Boolean.getBoolean("m300.deployWhileDiscovering")) {
            Lifecycle.deployInBackground();
        }
    }
}
