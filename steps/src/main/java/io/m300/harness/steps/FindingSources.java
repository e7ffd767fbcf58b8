package io.m300.harness.steps;

import io.cucumber.java.After;
import io.cucumber.java.Scenario;
import io.m300.harness.support.report.findings.SourceIndex;
import io.m300.harness.support.report.findings.SourceOrigins;
import io.m300.harness.support.report.findings.StackResources;
import io.m300.harness.support.stack.DeployedStack;

/**
 * When a scenario fails, attaches the stack's resources (address, IDs/ARNs/names, declaring block) to
 * it, so that the report written after the run names the resources of the failure with their
 * Terraform address and file:line ({@link io.m300.harness.support.report.findings.FindingResolver}).
 * Runs before {@link Lifecycle}'s release of the stack (a higher order runs first among After hooks).
 */
public final class FindingSources {

    @After(order = 20_000)
    public void attachOnFailure(Scenario scenario) {
        if (!scenario.isFailed()) {
            return;
        }
        try {
            DeployedStack stack = Lifecycle.session().stack();
            var infra = stack.workspace().infra();
            var sources =
                    SourceIndex.of(infra, SourceOrigins.of(infra, stack.config().infraDir()));
            scenario.attach(
                    StackResources.of(stack.inventory(), sources).toJson(),
                    StackResources.MEDIA_TYPE,
                    StackResources.ATTACHMENT);
        } catch (RuntimeException e) {
            // no stack (the deployment failed) or no state: the finding then says the run recorded no resources
            scenario.log("finding: the stack's resources could not be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
