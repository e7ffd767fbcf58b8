package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.report.Progress;
import io.m300.harness.support.stack.StackSession;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class StackContextTest {

    /** A session whose stack cannot be deployed: what reaches it says so. */
    private static StackSession session() {
        return new StackSession(
                () -> {
                    throw new HarnessException("no stack in this test");
                },
                new Progress(new PrintStream(OutputStream.nullOutputStream())));
    }

    @Test
    void aScenarioReadsTheStackAndThePlanOfTheRunsSessionAndSeesItsFailure() {
        Lifecycle.runWith(session(), () -> {
            StackContext ctx = new StackContext(new Evidence());
            assertThatThrownBy(ctx::stack).isInstanceOf(HarnessException.class).hasMessage("no stack in this test");
            assertThatThrownBy(ctx::aws).isInstanceOf(HarnessException.class);
            assertThatThrownBy(ctx::plan).isInstanceOf(HarnessException.class).hasMessage("no stack in this test");
            return null;
        });
    }
}
