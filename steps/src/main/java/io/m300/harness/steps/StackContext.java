package io.m300.harness.steps;

import com.fasterxml.jackson.databind.JsonNode;
import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.stack.DeployedStack;
import io.m300.harness.support.stack.Outputs;
import io.m300.harness.support.target.TargetEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What every step class is given (by picocontainer, one per scenario): the shared deployed stack
 * and the scenario's evidence. The plan of the deployed stack is made once per run and shared,
 * because the drift check and the secret scan read the same plan.
 */
public final class StackContext {

    private static CompletableFuture<JsonNode> planFuture;
    private static int planGeneration = -1;

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

    /** Where the deployed stack's state lives and how it is locked, as {@code terraform init} recorded it. */
    public io.m300.harness.support.state.BackendConfig backend() {
        return io.m300.harness.support.state.BackendConfig.read(Path.of(stack().workspace().env().get("TF_DATA_DIR")));
    }

    /**
     * Starts {@code terraform plan} of the deployed stack in the background, once per apply, so that it
     * runs while other scenarios check the stack (drift and SEC-03 then wait for it, if at all).
     */
    public static synchronized CompletableFuture<JsonNode> prefetchPlan(DeployedStack stack) {
        if (planFuture == null || planGeneration != stack.generation()) {
            planGeneration = stack.generation();
            int generation = planGeneration;
            planFuture = CompletableFuture.supplyAsync(() -> makePlan(stack, generation), runnable -> {
                Thread t = new Thread(runnable, "m300-plan");
                t.setDaemon(true);
                t.start();
            });
        }
        return planFuture;
    }

    /**
     * {@code terraform plan} of the deployed stack, rendered as JSON and held in memory only; made once
     * per apply and shared by the drift check and the secret scan. The binary plan file Terraform needs
     * for {@code show -json} (a zip that holds every planned value) is deleted as soon as it is read.
     */
    public static JsonNode savedPlan(DeployedStack stack) {
        try {
            return prefetchPlan(stack).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Waits for a plan started in the background, if any (its failure is reported by the steps that read it). */
    public static void awaitPrefetchedPlan() {
        CompletableFuture<JsonNode> running;
        synchronized (StackContext.class) {
            running = planFuture;
        }
        if (running != null) {
            try {
                running.join();
            } catch (RuntimeException reportedByItsReaders) {
                // nothing to do here
            }
        }
    }

    private static JsonNode makePlan(DeployedStack stack, int generation) {
        Path file = stack.workspace().root().resolve("verify-" + generation + ".tfplan");
        try {
            return stack.progress().phase("terraform plan (drift and secrets)", () -> stack.terraform().plan(file));
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                stack.progress().info("WARNING: could not delete the saved plan " + file + ": " + e.getMessage());
            }
        }
    }
}
