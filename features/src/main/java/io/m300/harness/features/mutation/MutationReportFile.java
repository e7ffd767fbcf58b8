package io.m300.harness.features.mutation;

import io.m300.harness.support.mutation.Mutant;
import io.m300.harness.support.mutation.MutationVerdict;
import io.m300.harness.support.mutation.MutationVerdict.Verdict;
import io.m300.harness.support.report.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A mutation report, one row per mutant: what a shard writes ({@code shard-report.json}) and what
 * the merged run writes ({@code mutation-report.json}, read by the living documentation), both
 * in the one schema {@link MutationReport}; here each row holds its {@link MutationVerdict}.
 */
public record MutationReportFile(String target, Duration took, List<Row> rows) {

    /**
     * {@code over}: the mutant this one was applied straight over (one apply undid that one and put
     * this one in place), or empty when it was applied over the baseline.
     */
    public record Row(
            String name,
            MutationVerdict verdict,
            double seconds,
            String description,
            String shard,
            String restore,
            String over) {
        static Row of(Mutant m, MutationVerdict v, Duration took, String shard, String restore) {
            return new Row(m.name(), v, took.toMillis() / 1000.0, m.description(), shard, restore, "");
        }

        Row over(String previous) {
            return new Row(name, verdict, seconds, description, shard, restore, previous);
        }

        Row noting(String remark) {
            return new Row(
                    name,
                    verdict,
                    seconds,
                    description,
                    shard,
                    restore.isBlank() ? remark : restore + "; " + remark,
                    over);
        }

        String control() {
            return verdict.control();
        }
    }

    public void write(Path file) throws IOException {
        List<MutationReport.Mutant> mutants = sorted().stream()
                .map(r -> new MutationReport.Mutant(
                        r.name(),
                        r.control(),
                        r.verdict().verdict().label(),
                        r.verdict().precise(),
                        List.copyOf(r.verdict().tripped()),
                        r.seconds(),
                        r.verdict().reason(),
                        r.description(),
                        r.shard(),
                        r.restore(),
                        r.over()))
                .toList();
        new MutationReport(target, took.toMillis() / 1000.0, mutants).write(file);
    }

    public static MutationReportFile read(Path file) {
        MutationReport report = MutationReport.read(file);
        List<Row> rows = report.mutants().stream()
                .map(m -> new Row(
                        m.name(),
                        new MutationVerdict(
                                m.control(),
                                Verdict.valueOf((m.verdict().isBlank() ? "errored" : m.verdict())
                                        .toUpperCase(Locale.ROOT)
                                        .replace('-', '_')),
                                new TreeSet<>(m.tripped()),
                                m.reason()),
                        m.seconds(),
                        m.mutant(),
                        m.shard(),
                        m.restore(),
                        m.appliedOver()))
                .toList();
        return new MutationReportFile(report.target(), Duration.ofMillis((long) (report.seconds() * 1000)), rows);
    }

    /** One report of several shards: every row, the targets named once, the wall time given. */
    static MutationReportFile merge(List<MutationReportFile> shards, Duration wall) {
        Set<String> targets = new LinkedHashSet<>();
        List<Row> rows = new ArrayList<>();
        for (MutationReportFile s : shards) {
            if (!"unknown".equals(s.target())) {
                targets.add(s.target());
            }
            rows.addAll(s.rows());
        }
        return new MutationReportFile(targets.isEmpty() ? "unknown" : String.join(", ", targets), wall, rows);
    }

    List<Row> sorted() {
        return rows.stream()
                .sorted(Comparator.comparing(Row::control).thenComparing(Row::name))
                .toList();
    }

    /** Rows that fail the run: survivors, kills that tripped undeclared controls, mutants that errored, mutants Terraform could not apply. */
    public List<Row> failing() {
        return sorted().stream()
                .filter(r -> r.verdict().verdict().failsTheRun())
                .toList();
    }

    public static String line(Row r) {
        MutationVerdict v = r.verdict();
        String detail = v.verdict() == Verdict.KILLED
                ? (v.precise() ? "precise" : "also tripped " + v.tripped() + " (declared)")
                : v.reason();
        if (!r.over().isBlank()) {
            detail += " (applied over " + r.over() + ")";
        }
        if (!r.restore().isBlank()) {
            detail += " [restore: " + r.restore() + "]";
        }
        return String.format(
                Locale.ROOT,
                "%-28s %-14s %7s  %s",
                r.name(),
                v.verdict().label(),
                Progress.seconds(Duration.ofMillis((long) (r.seconds() * 1000))),
                cut(detail, 160));
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    /** The table, grouped by control, and the counts per verdict. */
    List<String> table() {
        List<String> lines = new ArrayList<>();
        lines.add("mutation report (" + rows.size() + " mutants, " + Progress.seconds(took) + " wall):");
        Map<String, List<Row>> byControl = new TreeMap<>();
        sorted().forEach(r ->
                byControl.computeIfAbsent(r.control(), k -> new ArrayList<>()).add(r));
        lines.add(String.format(Locale.ROOT, "%-28s %-14s %7s  %s", "mutant", "verdict", "time", "precision / reason"));
        byControl.forEach((control, rs) -> {
            lines.add("control " + control + ":");
            rs.forEach(r -> lines.add("  " + line(r)));
        });
        Map<Verdict, Integer> n = new TreeMap<>();
        rows.forEach(r -> n.merge(r.verdict().verdict(), 1, Integer::sum));
        lines.add(String.format(
                Locale.ROOT,
                "killed %d, survived %d, errored %d, not checkable here %d, not applied %d, "
                        + "killed but tripping controls the README does not declare %d",
                n.getOrDefault(Verdict.KILLED, 0),
                n.getOrDefault(Verdict.SURVIVED, 0),
                n.getOrDefault(Verdict.ERRORED, 0),
                n.getOrDefault(Verdict.NOT_CHECKABLE, 0),
                n.getOrDefault(Verdict.NOT_APPLIED, 0),
                n.getOrDefault(Verdict.UNDECLARED, 0)));
        long chained = rows.stream().filter(r -> !r.over().isBlank()).count();
        if (chained > 0) {
            lines.add(chained + " of " + rows.size()
                    + " mutants applied straight over the one before (each verdict kept only "
                    + "where the same suite showed the one before gone: drift check and its failures passed)");
        }
        long restored = rows.stream().filter(r -> !r.restore().isBlank()).count();
        if (restored > 0) {
            lines.add("baseline restored the hard way after " + restored + " mutant(s): see [restore: ...] above");
        }
        return lines;
    }
}
