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
    void aScenarioThatReleasedTheStackCannotReadItAnyMore() {
        Lifecycle.runWith(session(), () -> {
            StackContext ctx = new StackContext(new Evidence());
            ctx.holdStack();
            assertThatThrownBy(ctx::stack)
                    .as("before the release: the session's stack (here, none)")
                    .isInstanceOf(HarnessException.class);
            ctx.releaseStack();
            assertThatThrownBy(ctx::stack)
                    .as("after the release: refused, whatever the session holds")
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("read the stack in the steps before the plan");
            assertThatThrownBy(ctx::aws).isInstanceOf(IllegalStateException.class);
            return null;
        });
    }

    @Test
    void aScenarioThatNeverHeldTheStackReleasesNothing() {
        Lifecycle.runWith(session(), () -> {
            StackContext ctx = new StackContext(new Evidence());
            ctx.releaseStack(); // the teardown scenario's last hook
            assertThatThrownBy(ctx::stack).isInstanceOf(HarnessException.class);
            return null;
        });
    }
}
