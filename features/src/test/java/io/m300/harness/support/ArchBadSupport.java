package io.m300.harness.support;

/** Deliberately bad (test only): support code that knows Cucumber and the steps, and keeps a stack in a static field. Used by ArchitectureTest. */
public class ArchBadSupport {
    static io.m300.harness.support.stack.DeployedStack shared;
    public Object cucumber() { return io.cucumber.java.Scenario.class; }
    public Object steps(io.m300.harness.steps.StackContext ctx) { return ctx; }
}
