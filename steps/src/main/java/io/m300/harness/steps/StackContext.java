package io.m300.harness.steps;

import com.fasterxml.jackson.databind.JsonNode;
import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.stack.DeployedStack;
import io.m300.harness.support.stack.Outputs;
import io.m300.harness.support.stack.StackInventory;
import io.m300.harness.support.state.BackendConfig;
import io.m300.harness.support.state.StateLockCheck;
import io.m300.harness.support.target.TargetEnvironment;
import java.util.concurrent.Executor;

/**
 * What every step class is given (by picocontainer, one per scenario): the run's deployed stack
 * and the scenario's evidence.
 */
public final class StackContext {

    private final Evidence evidence;

    public StackContext(Evidence evidence) {
        this.evidence = evidence;
    }

    public DeployedStack stack() {
        return Lifecycle.session().stack();
    }

    /**
     * The plan of the stack as deployed now ({@code terraform plan}, as JSON, in memory only): made
     * once per apply, in the background, and shared by the drift check and the secret scan.
     */
    public JsonNode plan() {
        return Lifecycle.session().plan();
    }

    /** The state-lock check (STATE-03), made right before that plan: it holds the lock, tries the plan, releases it. */
    public StateLockCheck lockCheck() {
        return Lifecycle.session().lockCheck();
    }

    /** {@code terraform destroy}, keeping the target for the teardown check (after the background plan). */
    public void destroyKeepingTarget() {
        Lifecycle.session().destroyKeepingTarget();
    }

    /** Waits for the background plan, if one is running (before anything that changes the stack). */
    public void awaitPlan() {
        Lifecycle.session().awaitPlan();
    }

    /** The run's one executor, for work that waits on the network (the teardown check's lookups). */
    public Executor executor() {
        return Lifecycle.session().executor();
    }

    public AwsClients aws() {
        return stack().aws();
    }

    public Outputs outputs() {
        return stack().outputs();
    }

    /** Every resource the stack's state lists: where checks find what "the stack" is. */
    public StackInventory inventory() {
        return stack().inventory();
    }

    /** The target (its name and capabilities). */
    public TargetEnvironment target() {
        return stack().target();
    }

    public Evidence evidence() {
        return evidence;
    }

    /** Where the deployed stack's state lives and how it is locked, as {@code terraform init} recorded it. */
    public BackendConfig backend() {
        return stack().backend();
    }
}
