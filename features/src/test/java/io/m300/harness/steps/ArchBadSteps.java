package io.m300.harness.steps;

/** Deliberately bad (test only): a step class that calls an SDK client itself. Used by ArchitectureTest. */
public class ArchBadSteps {
    public Object vpcs(StackContext ctx) {
        return ctx.aws().ec2().describeVpcs().vpcs();
    }
}
