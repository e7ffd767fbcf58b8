package io.m300.harness.steps;

import com.fasterxml.jackson.databind.JsonNode;
import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.stack.DeployedStack;
import io.m300.harness.support.stack.Outputs;
import io.m300.harness.support.stack.StackInventory;
import io.m300.harness.support.state.BackendConfig;
import io.m300.harness.support.state.StateLockCheck;
import io.m300.harness.support.target.TargetEnvironment;

/**
 * What every step class is given (by picocontainer, one per scenario): the run's deployed stack
 * and the scenario's evidence.
 */
public final class StackContext {

    private final Evidence evidence;
    private boolean readsStack;
    private boolean released;

    public StackContext(Evidence evidence) {
        this.evidence = evidence;
    }

    public DeployedStack stack() {
        if (released) {
            throw new IllegalStateException("this scenario read the plan and released the deployed stack, which may be "
                    + "being destroyed: read the stack in the steps before the plan");
        }
        return Lifecycle.session().stack();
    }

    /**
     * The plan of the stack as deployed now ({@code terraform plan}, as JSON, in memory only): made
     * once per apply, in the background, and shared by the drift check and the secret scan. Reading
     * it releases the deployed stack: the scenario's later steps judge the plan and may not read the
     * stack (the destroy may start once no scenario reads it; {@link #stack()} then refuses).
     */
    public JsonNode plan() {
        var plan = Lifecycle.session().planInProgress();
        releaseStack();
        return io.m300.harness.support.stack.DeployedStack.joined(plan);
    }

    /** This scenario reads the deployed stack (from its first step). */
    void holdStack() {
        Lifecycle.session().liveReaderStarted();
        readsStack = true;
    }

    /** This scenario reads the deployed stack no more (it ended, or it judges the plan only). */
    void releaseStack() {
        if (readsStack && !released) {
            released = true;
            Lifecycle.session().liveReaderDone();
        }
    }

    /** The state-lock check (STATE-03), made right before that plan: it holds the lock, tries the plan, releases it. */
    public StateLockCheck lockCheck() {
        return Lifecycle.session().lockCheck();
    }

    /**
     * {@code terraform destroy}, keeping the target for the teardown check: started already when the
     * last other scenario stopped reading the stack (the wait for it is here), else now.
     */
    public void destroyKeepingTarget() {
        Lifecycle.session().destroyKeepingTarget();
    }

    /** Waits for the background plan, if one is running (before anything that changes the stack). */
    public void awaitPlan() {
        Lifecycle.session().awaitPlan();
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

    /** The target (its name and capabilities; not the stack on it, so also after {@link #plan()}). */
    public TargetEnvironment target() {
        return Lifecycle.session().stack().target();
    }

    public Evidence evidence() {
        return evidence;
    }

    /** Where the deployed stack's state lives and how it is locked, as {@code terraform init} recorded it. */
    public BackendConfig backend() {
        return stack().backend();
    }
}
