package io.m300.harness.support;

/** Deliberately bad (test only): support code that knows Cucumber and the steps, calls an SDK client, and keeps a stack in a static field. Used by ArchitectureTest. */
public class ArchBadSupport {
    static io.m300.harness.support.stack.DeployedStack shared;

    public Object cucumber() {
        return io.cucumber.java.Scenario.class;
    }

    public Object steps(io.m300.harness.steps.StackContext ctx) {
        return ctx;
    }

    public Object sdk(software.amazon.awssdk.services.s3.S3Client s3) {
        return s3.listBuckets();
    }
}
