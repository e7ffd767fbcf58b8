package io.m300.harness.features.livingdoc;

import io.m300.harness.features.livingdoc.LivingDocGenerator.Input;
import io.m300.harness.features.livingdoc.LivingDocGenerator.Link;
import io.m300.harness.features.mutation.MutationReport;
import io.m300.harness.support.HarnessException;
import io.m300.harness.support.report.findings.Waiver;
import io.m300.harness.support.report.findings.Waivers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Command line of the living documentation, run by Maven after the suite (exec-maven-plugin,
 * phase {@code post-integration-test}, so that it also runs when scenarios fail). {@code --help}
 * lists the options; an empty value (Maven passes an empty {@code <argument>} as nothing or null)
 * leaves an optional one unset. A bad option is one line and exit 2, unreadable input one line and exit 1.
 */
public final class LivingDocs {

    private LivingDocs() {}

    public static void main(String[] args) {
        // Maven passes an empty <argument> as null
        int exit = commandLine()
                .execute(Arrays.stream(args).map(a -> a == null ? "" : a).toArray(String[]::new));
        if (exit != 0) {
            System.exit(exit); // only then: under exec:java a plain exit would end Maven too
        }
    }

    /**
     * The command line with the harness's error handling: a bad option is one line and exit 2; input
     * that cannot be read or used (an {@link IllegalArgumentException}, an unwritable folder) one line
     * and exit 1, never a stack trace.
     */
    static CommandLine commandLine() {
        return new CommandLine(new Options())
                .registerConverter(Path.class, v -> v.isBlank() ? null : Path.of(v))
                .setParameterExceptionHandler((e, args) -> {
                    e.getCommandLine()
                            .getErr()
                            .println("[livingdoc] " + e.getMessage().replaceFirst("^Error: ", "") + " (see --help)");
                    return ExitCode.USAGE;
                })
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    if (!(e instanceof IllegalArgumentException) && !(e instanceof UncheckedIOException)) {
                        throw e;
                    }
                    line.getErr().println("[livingdoc] " + e.getMessage().replaceAll("\\s*\\R\\s*", " "));
                    return ExitCode.SOFTWARE;
                });
    }

    private static int generate(Options o) {
        long t0 = System.nanoTime();
        Catalogue catalogue = Catalogue.parse(o.catalogue == null ? classpathCatalogue() : read(o.catalogue));

        List<Run> runs = new ArrayList<>();
        List<MutationReport> mutations = new ArrayList<>();
        if (Files.isRegularFile(o.cucumber)) {
            Optional<Path> runJson = Run.newestRunJson(o.harness);
            runs.add(Run.of(
                    o.cucumber,
                    runJson,
                    runJson.map(p -> p.resolveSibling("timings.json")).filter(Files::isRegularFile)));
        } else {
            System.out.println("[livingdoc] no " + o.cucumber + ": this build ran no scenario");
        }
        if (o.mutation != null && Files.isRegularFile(o.mutation)) {
            mutations.add(MutationReport.read(o.mutation));
        }
        if (o.reports != null) {
            for (Path folder : reportFolders(o.reports)) {
                runs.add(Run.fromFolder(folder));
                Path m = folder.resolve("mutation-report.json");
                if (Files.isRegularFile(m)) {
                    mutations.add(MutationReport.read(m));
                }
            }
        }
        if (runs.isEmpty()) {
            System.out.println("[livingdoc] no run results: living documentation not generated");
            return ExitCode.OK;
        }

        List<String> secrets = new ArrayList<>();
        for (String name : o.protect) {
            String v = System.getenv(name);
            if (v != null && !v.isBlank()) {
                secrets.add(v);
            }
        }
        // findings: the current run's (and earlier runs') violations, with their resources, judged against the waivers
        String waiverProblem = null;
        List<Waiver> waivers = List.of();
        try {
            waivers = Waivers.read(o.waivers);
        } catch (HarnessException e) {
            waiverProblem = e.getMessage();
            System.out.println("[findings] " + waiverProblem + " (no waiver applied; the build fails)");
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<RunFindings> findings = new ArrayList<>();
        for (Run run : runs) {
            findings.add(RunFindings.of(run, waivers, today));
        }
        RunFindings current = findings.get(0);
        current.summary().forEach(line -> System.out.println("[findings] " + line));
        if (o.sarif != null) {
            SarifReport.write(catalogue, current, version(), o.sarif);
            System.out.println("[findings] " + current.findings().size() + " finding(s) in " + o.sarif);
        }
        if (Files.isRegularFile(o.cucumber) && o.failsafeSummary != null && waiverProblem == null) {
            int accepted = current.acceptedScenarios().size();
            int left = WaivedSummary.apply(o.failsafeSummary, accepted);
            if (accepted > 0 && left >= 0) {
                System.out.println(
                        "[findings] " + accepted + " failed scenario(s) accepted by a waiver: not counted as failures ("
                                + left + " left; failsafe's own summary kept as failsafe-summary.unwaived.xml)");
            }
        }
        History history = History.of(o.history, o.harness, runs, findings, catalogue, Instant.now());

        List<Link> links = new ArrayList<>();
        copyCucumberReport(o.cucumber.resolveSibling("cucumber.html"), o.out, secrets)
                .ifPresent(name -> links.add(new Link(
                        "Cucumber report",
                        name,
                        "Cucumber's own report of this run: every feature, scenario and step with its evidence")));
        Path index = LivingDocGenerator.generate(
                new Input(catalogue, runs, mutations, links, secrets, Instant.now(), findings, history), o.out);
        history.write(o.out.resolve(History.FILE), o.harness);

        for (RunFindings judged : findings) {
            Run run = judged.run();
            Map<Verdict, Integer> n = new EnumMap<>(Verdict.class);
            catalogue
                    .controls()
                    .forEach(c -> n.merge(Verdicts.verdict(judged, run.scenariosOf(c.id())), 1, Integer::sum));
            List<String> parts = new ArrayList<>();
            n.forEach((v, k) -> parts.add(k + " " + v.label()));
            System.out.println("[livingdoc] " + run.target() + ": " + run.summary() + "; "
                    + catalogue.controls().size() + " controls: " + String.join(", ", parts));
        }
        System.out.printf("[livingdoc] %s (%.2f s)%n", index, (System.nanoTime() - t0) / 1e9);
        return waiverProblem == null ? ExitCode.OK : ExitCode.SOFTWARE;
    }

    private static List<Path> reportFolders(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--reports " + dir + " is not a folder");
        }
        if (Files.isRegularFile(dir.resolve("cucumber.json"))) {
            return List.of(dir);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(d -> Files.isRegularFile(d.resolve("cucumber.json")))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String version() {
        String v = LivingDocs.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static String classpathCatalogue() {
        try (InputStream in = LivingDocs.class.getResourceAsStream("/catalogue/controls.md")) {
            if (in == null) {
                throw new IllegalStateException("/catalogue/controls.md is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Cucumber's own single-page report of this run, copied beside the pages so that the published site
     * links it; not copied (and not linked) when it holds a protected value.
     */
    static Optional<String> copyCucumberReport(Path report, Path out, List<String> secrets) {
        if (!Files.isRegularFile(report)) {
            return Optional.empty();
        }
        String html = read(report);
        for (String secret : secrets) {
            String jsonEscaped = secret.replace("\\", "\\\\").replace("\"", "\\\"");
            if (secret.length() >= 4 && (html.contains(secret) || html.contains(jsonEscaped))) {
                System.out.println(
                        "[livingdoc] WARNING: " + report + " holds a protected value: not copied to the site");
                return Optional.empty();
            }
        }
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve("cucumber.html"), html);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + report + " to " + out, e);
        }
        return Optional.of("cucumber.html");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    @Command(
            name = "LivingDocs",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            resourceBundle = "io.m300.harness.features.livingdoc.LivingDocs",
            version = "m300 harness ${bundle:m300.version}",
            description =
                    "Writes the living documentation: the control catalogue with each control's verdict and evidence per run.")
    static final class Options implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(
                names = "--cucumber",
                paramLabel = "<file>",
                description = "this run's cucumber.json (default: ${DEFAULT-VALUE})",
                defaultValue = "target/cucumber-reports/cucumber.json")
        Path cucumber;

        @Option(
                names = "--harness",
                paramLabel = "<dir>",
                defaultValue = "target/harness",
                description =
                        "the harness's run folders; the newest run.json + timings.json is this run's (default: ${DEFAULT-VALUE})")
        Path harness;

        @Option(
                names = "--reports",
                paramLabel = "<dir>",
                arity = "0..1",
                fallbackValue = "",
                description =
                        "earlier runs, one folder each with cucumber.json (+ run.json, timings.json, mutation-report.json), "
                                + "shown side by side with this run")
        Path reports;

        @Option(
                names = "--mutation",
                paramLabel = "<file>",
                arity = "0..1",
                fallbackValue = "",
                defaultValue = "target/mutation/mutation-report.json",
                description = "a mutation report (default: ${DEFAULT-VALUE}, if present)")
        Path mutation;

        @Option(
                names = "--catalogue",
                paramLabel = "<file>",
                arity = "0..1",
                fallbackValue = "",
                description = "the control catalogue (default: the copy on the classpath, /catalogue/controls.md)")
        Path catalogue;

        @Option(
                names = "--out",
                paramLabel = "<dir>",
                defaultValue = "target/living-docs",
                description = "where the site goes (default: ${DEFAULT-VALUE})")
        Path out;

        @Option(
                names = "--waivers",
                paramLabel = "<file>",
                arity = "0..1",
                fallbackValue = "",
                description = "the waiver file (docs/findings.md); none when absent")
        Path waivers;

        @Option(
                names = "--sarif",
                paramLabel = "<file>",
                arity = "0..1",
                fallbackValue = "",
                description = "where the run's findings go as SARIF 2.1.0 (none when empty)")
        Path sarif;

        @Option(
                names = "--failsafe-summary",
                paramLabel = "<file>",
                arity = "0..1",
                fallbackValue = "",
                description = "failsafe's summary, from which the failures a waiver accepts are taken off")
        Path failsafeSummary;

        @Option(
                names = "--history",
                paramLabel = "<file>",
                arity = "0..1",
                fallbackValue = "",
                description =
                        "the previously published site's history.json (nightly); local run folders are read from --harness")
        Path history;

        @Option(
                names = "--protect",
                paramLabel = "<variable>",
                description = "an environment variable whose value must never "
                        + "appear on the site (repeatable; HARNESS_DB_PASSWORD always)")
        List<String> protect = new ArrayList<>();

        @Override
        public Integer call() {
            for (String option : List.of("--cucumber", "--harness", "--out")) {
                if (spec.findOption(option).getValue() == null) {
                    throw new ParameterException(spec.commandLine(), option + " needs a value");
                }
            }
            protect.add("HARNESS_DB_PASSWORD");
            return generate(this);
        }
    }
}
