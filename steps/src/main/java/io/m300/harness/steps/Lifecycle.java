package io.m300.harness.steps;

import io.cucumber.java.AfterAll;
import io.cucumber.java.Before;
import io.cucumber.java.BeforeAll;
import io.cucumber.java.Scenario;
import io.m300.harness.support.secrets.LocalStateCopies;
import io.m300.harness.support.stack.DeployedStack;
import io.m300.harness.support.stack.StackSession;
import io.m300.harness.support.target.Capability;
import java.util.Optional;
import java.util.function.Supplier;
import org.opentest4j.TestAbortedException;

/**
 * The run's lifecycle: deploy once before the first scenario, tear down once after the last; and,
 * before each scenario, skip it with the reason when it needs a capability the target lacks
 * (a tag such as {@code @requires-alarm-actions}). A skipped scenario is never a passed one.
 *
 * <p>The stack's owner is a {@link StackSession}. Cucumber's run hooks are static and its step
 * objects live for one scenario, so the session of the Cucumber run in progress is handed over
 * here, and only here (an architecture rule allows no other static mutable field): a plain run
 * opens its own session and ends it; a caller that owns a session (a mutation shard) lends it for
 * the run with {@link #runWith}, and the run neither deploys another stack nor tears that one down.
 */
public final class Lifecycle {

    /** The scenario that destroys the stack (it runs alone, after every other: junit-platform.properties). */
    public static final String TEARDOWN_TAG = "@teardown";

    private static StackSession session;
    private static boolean lent;

    private final StackContext ctx;

    public Lifecycle(StackContext ctx) {
        this.ctx = ctx;
    }

    /** Runs a suite (work) against a session the caller owns and ends itself. */
    public static <T> T runWith(StackSession owned, Supplier<T> work) {
        synchronized (Lifecycle.class) {
            if (session != null) {
                throw new IllegalStateException("a Cucumber run is already in progress in this JVM");
            }
            session = owned;
            lent = true;
        }
        try {
            return work.get();
        } finally {
            synchronized (Lifecycle.class) {
                session = null;
                lent = false;
            }
        }
    }

    /** The session of the run in progress; a plain run opens its own on first use. */
    static synchronized StackSession session() {
        if (session == null) {
            session = StackSession.fromSystem();
        }
        return session;
    }

    @BeforeAll
    public static void deploy() {
        // The state every check reads, and the plan that drift and SEC-03 read, are read while the first
        // scenarios run; a run of a few tagged scenarios (cucumber.filter.tags) plans only if one of them reads it.
        session().prefetch(System.getProperty("cucumber.filter.tags", "").isBlank());
    }

    @AfterAll
    public static void tearDown() {
        StackSession ending = session();
        try {
            ending.end();
        } finally {
            ending.deployed().ifPresent(Lifecycle::removeLocalStateCopies);
            synchronized (Lifecycle.class) {
                if (!lent) {
                    session = null;
                }
            }
        }
    }

    /**
     * No secret stays on disk: saved plans, state backups and, once the stack is gone, a local state
     * file (a stack without a backend keeps its state in the workspace) are deleted after the run.
     */
    private static void removeLocalStateCopies(DeployedStack stack) {
        if (stack.workspace() != null) {
            boolean stackGone =
                    stack.destroyed() || (stack.tornDown() && !stack.config().keep());
            LocalStateCopies.remove(stack.workspace().root(), stackGone);
        }
    }

    @Before(order = 1)
    public void skipWhenTargetLacksCapability(Scenario scenario) {
        var target = session().stack().target();
        for (String tag : scenario.getSourceTagNames()) {
            Optional<Capability> needed = Capability.ofTag(tag);
            if (needed.isPresent() && !target.capabilities().has(needed.get())) {
                String reason = "skipped on target " + target.name() + ": "
                        + target.capabilities().whyMissing(needed.get()).orElseThrow();
                scenario.log(reason);
                throw new TestAbortedException(reason);
            }
        }
    }
}
