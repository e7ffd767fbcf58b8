package io.m300.harness.features.mutation;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.mutation.Mutant;
import io.m300.harness.support.mutation.MutationVerdict;
import io.m300.harness.support.mutation.MutationVerdict.ScenarioResult;
import io.m300.harness.support.mutation.MutationVerdict.Status;
import io.m300.harness.support.report.Progress;
import io.m300.harness.steps.Lifecycle;
import io.m300.harness.support.stack.DeployedStack;
import io.m300.harness.support.stack.StackSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One shard of the mutation run, in this JVM: deploys the baseline once (its own emulator), then
 * for each of its mutants: copies it into the workspace, applies the difference, runs the suite,
 * judges it, removes it, applies back, and re-checks the baseline (the drift check and every
 * scenario that failed under the mutant). A revert that fails, or a baseline that does not pass
 * again, does not end the shard: it applies again, and if that does not help, replaces the stack
 * with a fresh emulator and deployment, says so in the mutant's row, and goes on.
 *
 * <p>Run as a child JVM ({@link #main}) by {@link MutationRun} when the run is sharded; its report
 * goes to {@code <out>/shard-report.json}.
 */
public final class MutationShard {

    static final String DRIFT = "The deployed stack matches its code right after apply";

    private final String label;
    private final Path out;
    private final Progress progress = Progress.console();
    /** The shard's own stack, held open across its suite runs. */
    private final StackSession session = StackSession.fromSystem();

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

    /** Runs the mutants one after another; never throws for a single mutant's trouble. */
    MutationReportFile run(List<Mutant> mutants) throws Exception {
        Files.createDirectories(out);
        long start = System.nanoTime();
        List<MutationReportFile.Row> rows = new ArrayList<>();
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
                for (Mutant m : mutants) {
                    rows.add(MutationReportFile.Row.of(m, MutationVerdict.errored(m.control(),
                            label + " could not deploy the baseline: " + firstLine(e)), Duration.ZERO, label, ""));
                }
                return new MutationReportFile(target, elapsed(start), rows);
            }
            List<ScenarioResult> failedBaseline = baseline.stream().filter(r -> r.status().failure()).toList();
            if (!failedBaseline.isEmpty()) {
                String names = failedBaseline.stream().map(r -> r.name() + " (" + r.message() + ")").toList().toString();
                progress.info(label + ": the baseline does not pass, mutants mean nothing: " + names);
                for (Mutant m : mutants) {
                    rows.add(MutationReportFile.Row.of(m, MutationVerdict.errored(m.control(),
                            "the baseline did not pass on " + label + ": " + names), Duration.ZERO, label, ""));
                }
                return new MutationReportFile(target, elapsed(start), rows);
            }
            Set<String> baselinePassed = names(baseline, Status.PASSED);
            progress.info("mutation run, " + label + ": " + mutants.size() + " mutants against " + stack.target().description());
            for (int i = 0; i < mutants.size(); i++) {
                Mutant mutant = mutants.get(i);
                try {
                    rows.add(one(mutant, baselinePassed));
                } catch (RuntimeException e) {
                    // the baseline could not be brought back, not even on a fresh deployment: the rest cannot be judged
                    progress.info(label + ": ERROR: " + firstLine(e));
                    rows.add(MutationReportFile.Row.of(mutant, MutationVerdict.errored(mutant.control(),
                            "the baseline could not be restored after it: " + firstLine(e)), Duration.ZERO, label, ""));
                    for (Mutant rest : mutants.subList(i + 1, mutants.size())) {
                        rows.add(MutationReportFile.Row.of(rest, MutationVerdict.errored(rest.control(),
                                "not run: " + label + " could not restore its baseline after " + mutant.name()), Duration.ZERO, label, ""));
                    }
                    break;
                }
            }
        } finally {
            session.releaseDiscarding(); // the emulator goes, and the stack with it: no destroy to wait for
        }
        return new MutationReportFile(target, elapsed(start), rows);
    }

    private MutationReportFile.Row one(Mutant mutant, Set<String> baselinePassed) {
        long t0 = System.nanoTime();
        String name = mutant.name();
        DeployedStack stack = session.stack();
        Path ws = stack.workspace().infra();
        MutationVerdict verdict;
        List<ScenarioResult> results = List.of();
        List<String> restore = new ArrayList<>();
        try {
            mutant.applyTo(ws);
            mutant.patchRepository(stack.config().infraDir(), false);
            if (mutant.changesBackend()) {
                progress.phase(label + ": terraform init -reconfigure (mutant " + name + " changes the backend)",
                        () -> stack.terraform().reinit(stack.workspace().backendConfig()));
            }
            String applyError = null;
            try {
                stack.apply(label + ": apply mutant " + name);
            } catch (HarnessException e) {
                applyError = e.getMessage();
            }
            if (applyError == null) {
                results = progress.phase(label + ": suite on mutant " + name, () -> suite(out.resolve(name)));
                verdict = MutationVerdict.judge(mutant.control(), results);
            } else {
                verdict = MutationVerdict.notApplied(mutant.control(), applyError);
            }
        } catch (RuntimeException e) {
            verdict = MutationVerdict.errored(mutant.control(), "the mutant could not be put in place: " + firstLine(e));
        } finally {
            revert(mutant, stack, ws, restore);
        }
        String recheck = recheckTags(results);
        Set<String> suspects = new TreeSet<>(names(results, Status.FAILED));
        suspects.addAll(names(results, Status.ERRORED));
        suspects.add(DRIFT);
        suspects.retainAll(baselinePassed);
        Set<String> regressed = recheck(name, "baseline re-check after " + name, recheck, suspects);
        if (!regressed.isEmpty()) {
            progress.info(label + ": after reverting " + name + " these no longer pass: " + regressed + "; applying the baseline again");
            restore.add("re-check failed " + regressed);
            try {
                session.stack().apply(label + ": apply the baseline again after " + name);
                session.stack().prerequisites().reconcile();
                regressed = recheck(name, "second re-check after " + name, recheck, suspects);
            } catch (RuntimeException e) {
                restore.add("applying again failed: " + firstLine(e));
            }
            if (!regressed.isEmpty()) {
                progress.info(label + ": the baseline is still broken after " + name + ": a fresh emulator and deployment");
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
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        var row = MutationReportFile.Row.of(mutant, verdict, took, label, String.join("; ", restore));
        progress.info(label + ": " + MutationReportFile.line(row));
        return row;
    }

    /** Removes the mutant and applies back; a failed apply is tried once more, then the stack is deployed afresh. */
    private void revert(Mutant mutant, DeployedStack stack, Path ws, List<String> restore) {
        String name = mutant.name();
        attempt(restore, "removing its files", () -> mutant.removeFrom(ws));
        attempt(restore, "reverting its patch", () -> mutant.patchRepository(stack.config().infraDir(), true));
        if (mutant.changesBackend()) {
            attempt(restore, "terraform init -reconfigure", () -> stack.terraform().reinit(stack.workspace().backendConfig()));
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
        return Lifecycle.runWith(session, () -> tags.length == 0 ? SuiteRunner.run(reportDir) : SuiteRunner.run(reportDir, tags[0]));
    }

    private Set<String> recheck(String name, String phase, String tags, Set<String> suspects) {
        List<ScenarioResult> again = progress.phase(label + ": " + phase + " (" + tags + ")",
                () -> suite(out.resolve(name + "-reverted"), tags));
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
                r.tags().stream().filter(t -> t.matches("@?[A-Z]+-\\d{2}|@?drift"))
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
