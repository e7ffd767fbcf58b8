package io.m300.harness.support;

/** Deliberately bad (test only): support code that knows Cucumber and the steps. Used by ArchitectureTest. */
public class ArchBadSupport {
    public Object cucumber() { return io.cucumber.java.Scenario.class; }
    public Object steps(io.m300.harness.steps.StackContext ctx) { return ctx; }
}
