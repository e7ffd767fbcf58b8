package io.m300.harness.features.mutation;

import io.m300.harness.steps.Lifecycle;
import io.m300.harness.support.HarnessException;
import io.m300.harness.support.mutation.Mutant;
import io.m300.harness.support.mutation.MutationPlan;
import io.m300.harness.support.mutation.MutationVerdict;
import io.m300.harness.support.mutation.MutationVerdict.ScenarioResult;
import io.m300.harness.support.mutation.MutationVerdict.Status;
import io.m300.harness.support.report.Progress;
import io.m300.harness.support.stack.DeployedStack;
import io.m300.harness.support.stack.StackSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * One shard of the mutation run, in this JVM: deploys the baseline once (its own emulator), then
 * takes its mutants one after another. The first is applied over the baseline. Each next one is,
 * where that is sound, applied straight over the one before: one apply undoes the previous mutant
 * and puts the next in place (for a database change, one wait on the provider's waiters instead of
 * two), without refreshing every resource first. That verdict is trusted only when the same suite
 * shows the previous mutant gone: the drift check passes (the deployed stack matches the code, so
 * nothing of the previous mutant is left) and every scenario the previous mutant made fail passes
 * again. Otherwise, and wherever chaining is not sound (a mutant that changes the backend or
 * patches the repository or manages the harness's state bucket; a next mutant whose control the
 * previous one tripped), the shard goes
 * back to the baseline the classic way: removes the mutant, applies, re-checks the drift check and
 * every scenario that failed under it, and judges the next mutant from the baseline. A restore
 * that fails does not end the shard: it applies again, and if that does not help, replaces the
 * stack with a fresh emulator and deployment, says so in the mutant's row, and goes on. The last
 * mutant of a shard is not reverted: its emulator is discarded.
 *
 * <p>Run as a child JVM ({@link #main}) by {@link MutationRun} when the run is sharded; its report
 * goes to {@code <out>/shard-report.json}.
 *
 * <p>Over 400 lines, for a reason: the baseline, chaining and the restore are one state machine over
 * the shard's session, its rows and the baseline's results; split apart, each piece would take all
 * of them as arguments. Scheduling, verdicts and the report are elsewhere ({@link MutationPlan},
 * {@link MutationVerdict}, {@link MutationReportFile}).
 */
public final class MutationShard {

    static final String DRIFT = "The deployed stack matches its code right after apply";

    private final String label;
    private final Path out;
    private final Progress progress = Progress.console();
    /** The shard's own stack, held open across its suite runs. */
    private final StackSession session = StackSession.fromSystem();

    private final List<MutationReportFile.Row> rows = new ArrayList<>();
    /** What the last run measured: which mutants tripped whose controls. */
    private final MutationPlan plan = MutationPlan.fromFile(MutationRun.COSTS);

    private Set<String> baselinePassed = Set.of();

    /** The mutant in place on the stack now (null: the baseline), the suite's results under it, and its row. */
    record InPlace(Mutant mutant, List<ScenarioResult> results, int row) {}

    MutationShard(String label, Path out) {
        this.label = label;
        this.out = out;
    }

    /** Child JVM: {@code -Dmutation.only=<its mutants> -Dmutation.shard=i/N -Dmutation.out=<dir>}. */
    public static void main(String[] args) {
        int code = 0;
        try {
            Path out = Path.of(System.getProperty("mutation.out"));
            String label = "shard " + System.getProperty("mutation.shard", "1/1");
            List<Mutant> mutants = MutationRun.selected();
            new MutationShard(label, out).run(mutants).write(out.resolve(MutationRun.SHARD_REPORT));
        } catch (Throwable e) {
            System.out.println("[m300] ERROR: " + e);
            e.printStackTrace(System.out);
            code = 2;
        }
        System.out.flush();
        System.exit(code);
    }

    /** Runs the mutants in the order given; never throws for a single mutant's trouble. */
    MutationReportFile run(List<Mutant> mutants) throws Exception {
        Files.createDirectories(out);
        long start = System.nanoTime();
        String target = "unknown";
        session.holdOpen();
        try {
            DeployedStack stack;
            List<ScenarioResult> baseline;
            try {
                stack = session.stack();
                target = stack.target().name();
                baseline = progress.phase(label + ": suite on the baseline", () -> suite(out.resolve("baseline")));
            } catch (RuntimeException e) {
                errored(mutants, label + " could not deploy the baseline: " + firstLine(e));
                return new MutationReportFile(target, elapsed(start), rows);
            }
            List<ScenarioResult> failedBaseline =
                    baseline.stream().filter(r -> r.status().failure()).toList();
            if (!failedBaseline.isEmpty()) {
                String names = failedBaseline.stream()
                        .map(r -> r.name() + " (" + r.message() + ")")
                        .toList()
                        .toString();
                progress.info(label + ": the baseline does not pass, mutants mean nothing: " + names);
                errored(mutants, "the baseline did not pass on " + label + ": " + names);
                return new MutationReportFile(target, elapsed(start), rows);
            }
            baselinePassed = names(baseline, Status.PASSED);
            progress.info("mutation run, " + label + ": " + mutants.size() + " mutants against "
                    + stack.target().description());
            List<Mutant> remaining = new ArrayList<>(mutants);
            InPlace current = null;
            while (!remaining.isEmpty()) {
                Mutant next = current == null
                        ? remaining.get(0)
                        : chainable(current, remaining, plan::clash).orElse(null);
                try {
                    if (next == null) {
                        restoreBaseline(current);
                        current = null;
                        next = remaining.get(0);
                    }
                    remaining.remove(next);
                    current = current == null ? fromBaseline(next, "") : chained(current, next);
                } catch (RuntimeException e) {
                    // the baseline could not be brought back, not even on a fresh deployment: the rest cannot be judged
                    progress.info(label + ": ERROR: " + firstLine(e));
                    errored(remaining, "not run: " + label + " could not restore its baseline: " + firstLine(e));
                    String judged = next == null ? "" : next.name();
                    if (next != null && rows.stream().noneMatch(r -> r.name().equals(judged))) {
                        errored(List.of(next), "the baseline could not be restored before it: " + firstLine(e));
                    }
                    current = null;
                    break;
                }
            }
            if (current != null) {
                leave(current);
            }
        } finally {
            session.releaseDiscarding(); // the emulator goes, and the stack with it: no destroy to wait for
        }
        return new MutationReportFile(target, elapsed(start), rows);
    }

    /** A row for each of {@code mutants}: errored, for {@code reason} (they could not be judged). */
    private void errored(List<Mutant> mutants, String reason) {
        for (Mutant m : mutants) {
            rows.add(MutationReportFile.Row.of(
                    m, MutationVerdict.errored(m.control(), reason), Duration.ZERO, label, ""));
        }
    }

    /**
     * The shard's last mutant stays deployed (its emulator is discarded, no revert to wait for), but
     * what it changed outside the emulator is undone: its files leave the workspace and its patch the
     * repository (a .gitignore must not stay broken in the developer's tree).
     */
    private void leave(InPlace last) {
        Mutant mutant = last.mutant();
        List<String> problems = new ArrayList<>();
        attempt(
                problems,
                "removing its files",
                () -> mutant.removeFrom(session.stack().workspace().infra()));
        attempt(
                problems,
                "reverting its patch",
                () -> mutant.patchRepository(session.stack().config().infraDir(), true));
        problems.forEach(p -> note(last.row(), p));
    }

    /**
     * The first of {@code remaining} that may be applied straight over the mutant in place: both are
     * {@linkplain Mutant#undoneByRemoval() undone by removal} (others go back to the baseline the
     * classic way), and no scenario of its control failed under the mutant in place (its verdict could otherwise be
     * the other one's doing).
     */
    static Optional<Mutant> chainable(InPlace current, List<Mutant> remaining) {
        return chainable(current, remaining, (a, b) -> false);
    }

    /**
     * As {@link #chainable(InPlace, List)}, preferring one that does not {@linkplain MutationPlan#clash
     * clash} with the mutant in place (one of the two tripped the other's control in the last run:
     * the suite would not show the mutant in place gone, and the shard would go back to the baseline).
     */
    static Optional<Mutant> chainable(InPlace current, List<Mutant> remaining, BiPredicate<Mutant, Mutant> clash) {
        Set<String> trippedControls = new TreeSet<>();
        current.results().stream()
                .filter(r -> r.status().failure())
                .forEach(r -> trippedControls.addAll(MutationVerdict.controls(r)));
        return MutationPlan.next(current.mutant(), trippedControls, remaining, clash);
    }

    /** Puts the mutant in place over the baseline, runs the suite, judges it; returns what is in place now. */
    private InPlace fromBaseline(Mutant mutant, String how) {
        long t0 = System.nanoTime();
        String name = mutant.name();
        DeployedStack stack = session.stack();
        Path ws = stack.workspace().infra();
        MutationVerdict verdict;
        List<ScenarioResult> results = List.of();
        boolean applied = false;
        try {
            mutant.applyTo(ws);
            mutant.patchRepository(stack.config().infraDir(), false);
            if (mutant.changesBackend()) {
                progress.phase(
                        label + ": terraform init -reconfigure (mutant " + name + " changes the backend)",
                        () -> stack.terraform().reinit(stack.workspace().backendConfig()));
            }
            String applyError = null;
            try {
                // the state is this shard's own, written by its last apply: no refresh before; the suite's drift check
                // refreshes
                stack.applyFromState(label + ": apply mutant " + name);
                applied = true;
            } catch (HarnessException e) {
                applyError = e.getMessage();
            }
            if (applyError == null) {
                results = progress.phase(label + ": suite on mutant " + name, () -> suite(out.resolve(name)));
                verdict = MutationVerdict.judge(mutant.control(), results, mutant.alsoTrips());
            } else {
                verdict = MutationVerdict.notApplied(mutant.control(), applyError);
            }
        } catch (RuntimeException e) {
            verdict =
                    MutationVerdict.errored(mutant.control(), "the mutant could not be put in place: " + firstLine(e));
        }
        InPlace now = new InPlace(mutant, results, rows.size());
        rows.add(MutationReportFile.Row.of(mutant, verdict, Duration.ofNanos(System.nanoTime() - t0), label, how));
        if (!applied) {
            restoreBaseline(now); // half in place: back to the baseline at once
            now = null;
        }
        progress.info(label + ": " + MutationReportFile.line(rows.get(rows.size() - 1)));
        return now;
    }

    /**
     * Applies {@code next} straight over the mutant in place (one apply, no refresh before it), runs
     * the suite and judges it, if the suite shows the previous mutant gone; else back to the
     * baseline and {@code next} judged from there.
     */
    private InPlace chained(InPlace prev, Mutant next) {
        long t0 = System.nanoTime();
        String name = next.name();
        String from = prev.mutant().name();
        DeployedStack stack = session.stack();
        Path ws = stack.workspace().infra();
        List<ScenarioResult> results = List.of();
        String problem;
        try {
            prev.mutant().removeFrom(ws);
            next.applyTo(ws);
            stack.applyFromState(
                    label + ": apply mutant " + name + " over " + from + " (one apply undoes " + from + ")");
            results = progress.phase(label + ": suite on mutant " + name, () -> suite(out.resolve(name)));
            Set<String> mustPass = new TreeSet<>(names(prev.results(), Status.FAILED));
            mustPass.addAll(names(prev.results(), Status.ERRORED));
            results.stream()
                    .filter(r -> MutationVerdict.controls(r).contains(next.control()))
                    .forEach(r -> mustPass.remove(r.name()));
            mustPass.add(DRIFT);
            mustPass.retainAll(baselinePassed);
            mustPass.removeAll(names(results, Status.PASSED));
            problem = mustPass.isEmpty() ? null : "after applying it over " + from + " these did not pass: " + mustPass;
        } catch (RuntimeException e) {
            problem = "applying it over " + from + " failed: " + firstLine(e);
        }
        if (problem == null) {
            MutationVerdict verdict = MutationVerdict.judge(next.control(), results, next.alsoTrips());
            InPlace now = new InPlace(next, results, rows.size());
            rows.add(MutationReportFile.Row.of(next, verdict, Duration.ofNanos(System.nanoTime() - t0), label, "")
                    .over(from));
            progress.info(label + ": " + MutationReportFile.line(rows.get(rows.size() - 1)));
            return now;
        }
        progress.info(label + ": " + name + ": " + problem + "; back to the baseline, then judged from there");
        // both mutants out of the workspace, then the classic restore with the suspects of both
        next.removeFrom(ws);
        List<ScenarioResult> both = new ArrayList<>(prev.results());
        both.addAll(results);
        restoreBaseline(new InPlace(prev.mutant(), both, prev.row()));
        return fromBaseline(next, "judged from the baseline: " + problem);
    }

    /**
     * Removes the mutant in place and applies back (refreshing), then re-checks the drift check and
     * every scenario that failed under it; a failed apply is tried once more, a baseline that still
     * fails is deployed afresh. What it took goes into the mutant's row. Throws when even a fresh
     * deployment does not pass.
     */
    private void restoreBaseline(InPlace inPlace) {
        Mutant mutant = inPlace.mutant();
        String name = mutant.name();
        DeployedStack stack = session.stack();
        Path ws = stack.workspace().infra();
        List<String> restore = new ArrayList<>();
        revert(mutant, stack, ws, restore);
        String recheck = recheckTags(inPlace.results());
        Set<String> suspects = new TreeSet<>(names(inPlace.results(), Status.FAILED));
        suspects.addAll(names(inPlace.results(), Status.ERRORED));
        suspects.add(DRIFT);
        suspects.retainAll(baselinePassed);
        try {
            Set<String> regressed = recheck(name, "baseline re-check after " + name, recheck, suspects);
            if (!regressed.isEmpty()) {
                progress.info(label + ": after reverting " + name + " these no longer pass: " + regressed
                        + "; applying the baseline again");
                restore.add("re-check failed " + regressed);
                try {
                    session.stack().apply(label + ": apply the baseline again after " + name);
                    session.stack().prerequisites().reconcile();
                    regressed = recheck(name, "second re-check after " + name, recheck, suspects);
                } catch (RuntimeException e) {
                    restore.add("applying again failed: " + firstLine(e));
                }
                if (!regressed.isEmpty()) {
                    progress.info(label + ": the baseline is still broken after " + name
                            + ": a fresh emulator and deployment");
                    session.redeploy(); // throws when even that fails: the shard ends
                    restore.add("restored with a fresh emulator and deployment");
                    regressed = recheck(name, "re-check on the fresh deployment after " + name, recheck, suspects);
                    if (!regressed.isEmpty()) {
                        throw new HarnessException("even a fresh deployment does not pass " + regressed);
                    }
                } else {
                    restore.add("a second apply restored it");
                }
            }
        } finally {
            restore.forEach(r -> note(inPlace.row(), r));
        }
    }

    /** Adds a remark to a row's restore column. */
    private void note(int row, String remark) {
        rows.set(row, rows.get(row).noting(remark));
    }

    /** Removes the mutant and applies back; a failed apply is tried once more, then the stack is deployed afresh. */
    private void revert(Mutant mutant, DeployedStack stack, Path ws, List<String> restore) {
        String name = mutant.name();
        attempt(restore, "removing its files", () -> mutant.removeFrom(ws));
        attempt(
                restore,
                "reverting its patch",
                () -> mutant.patchRepository(stack.config().infraDir(), true));
        if (mutant.changesBackend()) {
            attempt(
                    restore,
                    "terraform init -reconfigure",
                    () -> stack.terraform().reinit(stack.workspace().backendConfig()));
        }
        try {
            stack.apply(label + ": revert mutant " + name);
            stack.prerequisites().reconcile();
            return;
        } catch (RuntimeException e) {
            restore.add("revert failed: " + firstLine(e));
            progress.info(label + ": revert of " + name + " failed (" + firstLine(e) + "); applying once more");
        }
        try {
            stack.apply(label + ": revert mutant " + name + " again");
            stack.prerequisites().reconcile();
            restore.add("a second apply restored the baseline");
        } catch (RuntimeException e) {
            restore.add("second apply failed: " + firstLine(e));
            progress.info(label + ": revert of " + name + " failed twice: a fresh emulator and deployment");
            session.redeploy();
            restore.add("restored with a fresh emulator and deployment");
        }
    }

    /** Runs the suite (or the scenarios the tags select) against this shard's stack. */
    private List<ScenarioResult> suite(Path reportDir, String... tags) {
        return Lifecycle.runWith(
                session, () -> tags.length == 0 ? SuiteRunner.run(reportDir) : SuiteRunner.run(reportDir, tags[0]));
    }

    private Set<String> recheck(String name, String phase, String tags, Set<String> suspects) {
        List<ScenarioResult> again = progress.phase(
                label + ": " + phase + " (" + tags + ")", () -> suite(out.resolve(name + "-reverted"), tags));
        Set<String> regressed = new TreeSet<>(suspects);
        regressed.removeAll(names(again, Status.PASSED));
        return regressed;
    }

    private static void attempt(List<String> problems, String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            problems.add(what + " failed: " + firstLine(e));
        }
    }

    /** The drift check plus every scenario that failed (or errored) under the mutant, as a tag expression. */
    static String recheckTags(List<ScenarioResult> results) {
        Set<String> tags = new TreeSet<>(Set.of("@drift"));
        for (ScenarioResult r : results) {
            if (r.status().failure()) {
                r.tags().stream()
                        .filter(t -> t.matches("@?[A-Z]+-\\d{2}|@?drift"))
                        .forEach(t -> tags.add(t.startsWith("@") ? t : "@" + t));
            }
        }
        return String.join(" or ", tags);
    }

    static Set<String> names(List<ScenarioResult> results, Status status) {
        Set<String> names = new TreeSet<>();
        results.stream().filter(r -> r.status() == status).forEach(r -> names.add(r.name()));
        return names;
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse("");
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
