package io.m300.harness.support;

import io.cucumber.java.Scenario;
import io.m300.harness.steps.StackContext;
import io.m300.harness.support.stack.DeployedStack;
import software.amazon.awssdk.services.s3.S3Client;

/** Deliberately bad (test only): support code that knows Cucumber and the steps, calls an SDK client, and keeps a stack in a static field. Used by ArchitectureTest. */
public class ArchBadSupport {
    static DeployedStack shared;

    public Object cucumber() {
        return Scenario.class;
    }

    public Object steps(StackContext ctx) {
        return ctx;
    }

    public Object sdk(S3Client s3) {
        return s3.listBuckets();
    }
}
