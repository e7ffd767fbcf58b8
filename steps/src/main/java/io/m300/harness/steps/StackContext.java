package io.m300.harness.steps;

import com.fasterxml.jackson.databind.JsonNode;
import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.stack.DeployedStack;
import io.m300.harness.support.stack.Outputs;
import io.m300.harness.support.target.TargetEnvironment;
import java.nio.file.Path;

/**
 * What every step class is given (by picocontainer, one per scenario): the shared deployed stack
 * and the scenario's evidence. The plan of the deployed stack is made once per run and shared,
 * because the drift check and the secret scan read the same plan.
 */
public final class StackContext {

    private static JsonNode savedPlan;
    private static int savedPlanGeneration = -1;

    private final Evidence evidence;

    public StackContext(Evidence evidence) {
        this.evidence = evidence;
    }

    public DeployedStack stack() {
        return DeployedStack.shared();
    }

    public AwsClients aws() {
        return stack().aws();
    }

    public Outputs outputs() {
        return stack().outputs();
    }

    /** Every resource the stack's state lists: where checks find what "the stack" is. */
    public io.m300.harness.support.stack.StackInventory inventory() {
        return stack().inventory();
    }

    public TargetEnvironment target() {
        return stack().target();
    }

    public Evidence evidence() {
        return evidence;
    }

    /** {@code terraform plan} of the deployed stack, saved to a file and rendered as JSON; made once per apply. */
    public static synchronized JsonNode savedPlan(DeployedStack stack) {
        if (savedPlan == null || savedPlanGeneration != stack.generation()) {
            savedPlanGeneration = stack.generation();
            Path file = stack.workspace().root().resolve("verify.tfplan");
            savedPlan = stack.progress().phase("terraform plan (drift and secrets)", () -> stack.terraform().plan(file));
        }
        return savedPlan;
    }
}
