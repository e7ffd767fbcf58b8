package io.m300.harness.features.mutation;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.config.HarnessConfig;
import io.m300.harness.support.mutation.Mutant;
import io.m300.harness.support.mutation.MutantSelection;
import io.m300.harness.support.mutation.MutationCosts;
import io.m300.harness.support.mutation.MutationPlan;
import io.m300.harness.support.mutation.MutationVerdict;
import io.m300.harness.support.mutation.RepositoryCopy;
import io.m300.harness.support.provision.Tools;
import io.m300.harness.support.report.Progress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The mutation run as a whole ({@code ./mvnw verify -Pmutation}).
 * <ul>
 *   <li>Default: {@code mutation.shards} shards (default: cores + 1, at most 4; 3 on 2 cores, since
 *       most of a mutant's time is spent waiting on the provider's waiters). The mutants are spread
 *       by {@link MutationPlan} (measured cost, the database-touching ones apart), each shard runs
 *       as a child JVM with the same classpath, its own run id, emulator, workspace, copy of the repository ({@link RepositoryCopy}) and baseline
 *       deployment; its lines are printed prefixed with {@code [i/N]}; the shards' reports are merged
 *       into one {@code target/mutation/mutation-report.json}. With one shard, it all runs in this JVM.</li>
 *   <li>{@code -Dmutation.shard=i/N}: only shard i of N, in this JVM (a CI matrix job); its report
 *       goes to {@code target/mutation/shard-i/shard-report.json}.</li>
 *   <li>{@code -Dmutation.merge=DIR}: no deployment; merges every {@code shard-report.json} under DIR.</li>
 * </ul>
 * {@code -Dmutation.only=NET-01,NET-02.extra-group} (control IDs or mutant names) narrows any of them.
 * The measured seconds update {@code target/mutation/mutation-costs.json} (and, with
 * {@code -Dmutation.costs.update=true}, the cost file in {@code src/main/resources}).
 */
public final class MutationRun {

    static final Path OUT = Path.of("target", "mutation");
    static final String SHARD_REPORT = "shard-report.json";
    static final String REPORT = "mutation-report.json";
    static final Path COSTS = Path.of("src", "main", "resources", "mutation-costs.json");

    private final Progress progress = Progress.console();

    static int defaultShards() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() + 1));
    }

    /**
     * The mutants of {@code infra/mutants} that {@code mutation.only} selects (all when unset); a shard's
     * child JVM is given its mutants by exact name in {@code mutation.names} (a control ID there would
     * also select the control's other mutants, which another shard runs).
     */
    static List<Mutant> selected() {
        List<Mutant> all = Mutant.discover(HarnessConfig.fromSystem().infraDir());
        String names = System.getProperty("mutation.names", "");
        if (!names.isBlank()) {
            return MutantSelection.named(all, names);
        }
        return MutantSelection.only(all, System.getProperty("mutation.only", ""));
    }

    /** Runs what the system properties ask for and returns the report (written to target/mutation). */
    public MutationReportFile run() throws Exception {
        long start = System.nanoTime();
        Files.createDirectories(OUT);
        String merge = System.getProperty("mutation.merge", "");
        if (!merge.isBlank()) {
            MutationReportFile merged = MutationReportFile.merge(readShardReports(Path.of(merge)), Duration.ZERO);
            List<MutationReportFile.Row> rows = new ArrayList<>(merged.rows());
            for (Mutant m : selected()) { // a shard whose report is missing: its mutants were not judged
                if (rows.stream().noneMatch(r -> r.name().equals(m.name()))) {
                    rows.add(MutationReportFile.Row.of(
                            m,
                            MutationVerdict.errored(
                                    m.control(),
                                    "no shard report under " + merge
                                            + " has it (a shard failed before writing its report)"),
                            Duration.ZERO,
                            "",
                            ""));
                }
            }
            return finish(new MutationReportFile(merged.target(), Duration.ZERO, rows), start, OUT.resolve(REPORT));
        }
        List<Mutant> mutants = selected();
        MutationPlan plan = MutationPlan.fromFile(COSTS);
        String shard = System.getProperty("mutation.shard", "");
        if (!shard.isBlank()) {
            MutantSelection.Shard spec = MutantSelection.Shard.parse(shard);
            List<List<Mutant>> shards = plan.shard(mutants, spec.count());
            List<Mutant> mine = spec.index() <= shards.size() ? shards.get(spec.index() - 1) : List.of();
            progress.info("mutation shard " + shard + ": " + names(mine) + " (estimated " + (int) plan.estimate(mine)
                    + " s)");
            Path out = OUT.resolve("shard-" + spec.index());
            MutationReportFile report = new MutationShard("shard " + shard, out).run(mine);
            report.write(out.resolve(SHARD_REPORT));
            return finish(report, start, out.resolve(REPORT));
        }
        int n = Integer.getInteger("mutation.shards", defaultShards());
        List<List<Mutant>> shards = plan.shard(mutants, n);
        progress.info("mutation run: " + mutants.size() + " mutants in " + shards.size() + " shard(s)");
        for (int i = 0; i < shards.size(); i++) {
            progress.info("  shard " + (i + 1) + "/" + shards.size() + ": " + names(shards.get(i)) + " (estimated "
                    + (int) plan.estimate(shards.get(i)) + " s)");
        }
        if (shards.size() <= 1) {
            Path out = OUT.resolve("shard-1");
            MutationReportFile report =
                    new MutationShard("shard 1/1", out).run(shards.isEmpty() ? mutants : shards.get(0));
            return finish(MutationReportFile.merge(List.of(report), Duration.ZERO), start, OUT.resolve(REPORT));
        }
        return finish(MutationReportFile.merge(runChildren(plan, shards), Duration.ZERO), start, OUT.resolve(REPORT));
    }

    private MutationReportFile finish(MutationReportFile report, long start, Path file) throws IOException {
        MutationReportFile timed =
                new MutationReportFile(report.target(), Duration.ofNanos(System.nanoTime() - start), report.rows());
        timed.write(file);
        timed.table().forEach(progress::info);
        progress.info("report: " + file.toAbsolutePath());
        updateCosts(timed);
        return timed;
    }

    private void updateCosts(MutationReportFile report) {
        Map<String, Double> measured = new HashMap<>();
        Map<String, Set<String>> tripped = new HashMap<>();
        report.rows().stream().filter(r -> r.seconds() > 0).forEach(r -> {
            measured.put(r.name(), r.seconds());
            tripped.put(
                    r.name(),
                    r.verdict().tripped().stream()
                            .filter(c -> c.matches("[A-Z]+-\\d{2}"))
                            .collect(Collectors.toSet()));
        });
        if (measured.isEmpty()) {
            return;
        }
        MutationCosts updated = MutationCosts.read(COSTS).updated(measured, tripped);
        updated.write(OUT.resolve("mutation-costs.json"));
        if (Boolean.getBoolean("mutation.costs.update")) {
            updated.write(COSTS);
            progress.info("updated the cost table " + COSTS.toAbsolutePath());
        }
    }

    /**
     * The prefix that starts shard {@code index} at a lower CPU priority ({@code nice -n
     * mutation.nice}, default 5, 0: off) when it {@linkplain MutationPlan#yields yields} to the
     * shard with the most database work. Its children (Terraform, the provider, moto) inherit the
     * priority. Empty where {@code nice} is not on the PATH.
     */
    static List<String> yielding(MutationPlan plan, List<List<Mutant>> shards, int index) {
        int nice = Integer.getInteger("mutation.nice", 5);
        if (nice <= 0 || !plan.yields(shards, index)) {
            return List.of();
        }
        return Tools.onPath("nice")
                .map(n -> List.of(n.toString(), "-n", String.valueOf(nice)))
                .orElse(List.of());
    }

    /** Starts one child JVM per shard, streams their lines, waits for all, and reads their reports. */
    private List<MutationReportFile> runChildren(MutationPlan plan, List<List<Mutant>> shards) throws Exception {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<Process> children = new ArrayList<>();
        List<Thread> pumps = new ArrayList<>();
        Thread hook = new Thread(
                () -> children.forEach(p -> {
                    if (p.isAlive()) {
                        p.destroy(); // SIGTERM: each child's own hook tears its stack down
                    }
                }),
                "m300-mutation-shards");
        Runtime.getRuntime().addShutdownHook(hook);
        int n = shards.size();
        for (int i = 1; i <= n; i++) {
            String spec = i + "/" + n;
            Path out = OUT.resolve("shard-" + i).toAbsolutePath();
            deleteTree(out);
            Files.createDirectories(out);
            List<String> args = new ArrayList<>(List.of("-cp", classpath));
            System.getProperties().stringPropertyNames().stream()
                    .sorted()
                    .filter(k -> k.startsWith("harness.")
                            || k.startsWith("cucumber.")
                            || k.startsWith("org.slf4j.")
                            || (k.startsWith("mutation.")
                                    && !k.equals("mutation.shards")
                                    && !k.equals("mutation.only")
                                    && !k.equals("mutation.names")
                                    && !k.equals("mutation.shard")
                                    && !k.equals("mutation.out")))
                    .filter(k -> !k.equals("harness.runId") && !k.equals("harness.infra"))
                    .forEach(k -> args.add("-D" + k + "=" + System.getProperty(k)));
            // its own copy of the repository: another shard's repository patch (STATE-01) must not be its finding
            args.add("-Dharness.infra="
                    + RepositoryCopy.of(HarnessConfig.fromSystem().infraDir(), out.resolve("repository")));
            String runId = System.getProperty("harness.runId", "");
            if (!runId.isBlank()) {
                args.add("-Dharness.runId="
                        + runId.substring(0, Math.min(runId.length(), 17)).replaceAll("-+$", "") + "-s" + i);
            }
            args.add("-Dmutation.shard=" + spec);
            args.add("-Dmutation.names=" + String.join(",", names(shards.get(i - 1))));
            args.add("-Dmutation.out=" + out);
            args.add(MutationShard.class.getName());
            Path argfile = out.resolve("java.args");
            Files.writeString(
                    argfile,
                    String.join("\n", args.stream().map(MutationRun::quote).toList()) + "\n");
            List<String> command = new ArrayList<>(yielding(plan, shards, i - 1));
            command.addAll(List.of(java, "@" + argfile));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            children.add(p);
            progress.info("started shard " + spec + " (pid " + p.pid() + ", log " + out.resolve("shard.log")
                    + (command.get(0).equals(java)
                            ? ""
                            : ", at lower CPU priority: it gives way to the shard with the most database work")
                    + ")");
            Thread pump = new Thread(() -> pump(p, spec, out.resolve("shard.log")), "m300-shard-" + i);
            pump.start();
            pumps.add(pump);
        }
        List<MutationReportFile> reports = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            Process p = children.get(i - 1);
            int code = p.waitFor();
            pumps.get(i - 1).join(TimeUnit.SECONDS.toMillis(30));
            Path file = OUT.resolve("shard-" + i).resolve(SHARD_REPORT);
            List<Mutant> expected = shards.get(i - 1);
            MutationReportFile report = Files.isRegularFile(file) ? MutationReportFile.read(file) : null;
            List<MutationReportFile.Row> rows = new ArrayList<>(report == null ? List.of() : report.rows());
            for (Mutant m : expected) {
                if (rows.stream().noneMatch(r -> r.name().equals(m.name()))) {
                    rows.add(MutationReportFile.Row.of(
                            m,
                            MutationVerdict.errored(
                                    m.control(),
                                    "shard " + i + "/" + n + " ended (exit " + code + ") before judging it: see "
                                            + OUT.resolve("shard-" + i).resolve("shard.log")),
                            Duration.ZERO,
                            "shard " + i + "/" + n,
                            ""));
                }
            }
            progress.info("shard " + i + "/" + n + " finished with exit " + code
                    + (report == null ? "" : " after " + Progress.seconds(report.took())));
            reports.add(new MutationReportFile(
                    report == null ? "unknown" : report.target(),
                    report == null ? Duration.ZERO : report.took(),
                    rows));
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        return reports;
    }

    private static void pump(Process p, String spec, Path log) {
        String prefix = "[" + spec + "] ";
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter file = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                file.println(line);
                file.flush();
                String shown = line.startsWith("[m300] ") ? "[m300] " + prefix + line.substring(7) : prefix + line;
                synchronized (System.out) {
                    System.out.println(shown);
                    System.out.flush();
                }
            }
        } catch (IOException e) {
            System.out.println(prefix + "lost the shard's output: " + e.getMessage());
        }
    }

    private static List<MutationReportFile> readShardReports(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new HarnessException("mutation.merge: " + dir.toAbsolutePath() + " is not a folder");
        }
        List<MutationReportFile> reports = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals(SHARD_REPORT))
                    .sorted()
                    .toList()) {
                reports.add(MutationReportFile.read(f));
            }
        }
        if (reports.isEmpty()) {
            throw new HarnessException("mutation.merge: no " + SHARD_REPORT + " under " + dir.toAbsolutePath());
        }
        return reports;
    }

    private static List<String> names(List<Mutant> mutants) {
        return mutants.stream().map(Mutant::name).toList();
    }

    /** One argument of a java @argfile: quoted, with backslashes and quotes escaped. */
    static String quote(String arg) {
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
