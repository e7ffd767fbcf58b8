package io.m300.harness.features.livingdoc;

import io.m300.harness.features.livingdoc.LivingDocGenerator.Input;
import io.m300.harness.features.livingdoc.LivingDocGenerator.Link;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Command line of the living documentation, run by Maven after the suite (exec-maven-plugin,
 * phase {@code post-integration-test}, so that it also runs when scenarios fail).
 *
 * <pre>
 * --cucumber  FILE  this run's cucumber.json          (default target/cucumber-reports/cucumber.json)
 * --harness   DIR   the harness's run folders, the newest run.json + timings.json is this run's (default target/harness)
 * --reports   DIR   earlier runs, one folder each with cucumber.json (+ run.json, timings.json, mutation-report.json),
 *                   shown side by side with this run
 * --mutation  FILE  a mutation report                  (default target/mutation/mutation-report.json, if present)
 * --catalogue FILE  the control catalogue              (default: the copy on the classpath, /catalogue/controls.md)
 * --out       DIR   where the site goes                (default target/living-docs)
 * --protect   NAME  an environment variable whose value must never appear on the site (repeatable;
 *                   default HARNESS_DB_PASSWORD)
 * </pre>
 */
public final class LivingDocs {

    private LivingDocs() {}

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        Options o = Options.parse(args);
        Catalogue catalogue = Catalogue.parse(o.catalogue == null ? classpathCatalogue() : read(o.catalogue));

        List<Run> runs = new ArrayList<>();
        List<MutationReport> mutations = new ArrayList<>();
        if (Files.isRegularFile(o.cucumber)) {
            Optional<Path> runJson = Run.newestRunJson(o.harness);
            runs.add(Run.of(o.cucumber, runJson, runJson.map(p -> p.resolveSibling("timings.json")).filter(Files::isRegularFile)));
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
            return;
        }

        List<Link> links = new ArrayList<>();
        if (Files.isDirectory(o.out.resolve("cucumber-html-reports")) || o.expectCucumberReport) {
            links.add(new Link("Cucumber report", "cucumber-html-reports/overview-features.html",
                    "every feature, scenario and step with its attachments, by maven-cucumber-reporting"));
        }
        Path cucumberHtml = o.cucumber.resolveSibling("cucumber.html");
        if (Files.isRegularFile(cucumberHtml)) {
            links.add(new Link("Cucumber HTML (single page)", o.out.toAbsolutePath().relativize(cucumberHtml.toAbsolutePath())
                    .toString().replace('\\', '/'), "Cucumber's own report of this run"));
        }
        List<String> secrets = new ArrayList<>();
        for (String name : o.protect) {
            String v = System.getenv(name);
            if (v != null && !v.isBlank()) {
                secrets.add(v);
            }
        }
        Path index = LivingDocGenerator.generate(
                new Input(catalogue, runs, mutations, links, secrets, Instant.now()), o.out);

        for (Run run : runs) {
            Map<Verdict, Integer> n = new EnumMap<>(Verdict.class);
            catalogue.controls().forEach(c -> n.merge(Verdict.of(run.scenariosOf(c.id())), 1, Integer::sum));
            List<String> parts = new ArrayList<>();
            n.forEach((v, k) -> parts.add(k + " " + v.label()));
            System.out.println("[livingdoc] " + run.target() + ": " + run.summary() + "; " + catalogue.controls().size()
                    + " controls: " + String.join(", ", parts));
        }
        System.out.printf("[livingdoc] %s (%.2f s)%n", index, (System.nanoTime() - t0) / 1e9);
    }

    private static List<Path> reportFolders(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--reports " + dir + " is not a folder");
        }
        if (Files.isRegularFile(dir.resolve("cucumber.json"))) {
            return List.of(dir);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(d -> Files.isRegularFile(d.resolve("cucumber.json"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    static final class Options {
        Path cucumber = Path.of("target/cucumber-reports/cucumber.json");
        Path harness = Path.of("target/harness");
        Path reports;
        Path mutation = Path.of("target/mutation/mutation-report.json");
        Path catalogue;
        Path out = Path.of("target/living-docs");
        boolean expectCucumberReport;
        List<String> protect = new ArrayList<>(List.of("HARNESS_DB_PASSWORD"));

        static Options parse(String[] raw) {
            Options o = new Options();
            // Maven passes an empty <argument> as null
            String[] args = java.util.Arrays.stream(raw).map(a -> a == null ? "" : a).toArray(String[]::new);
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--with-cucumber-report")) {
                    o.expectCucumberReport = true;
                    continue;
                }
                // an empty value (Maven drops an empty <argument>) leaves the option unset
                String v = i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "";
                switch (a) {
                    case "--cucumber" -> o.cucumber = Path.of(required(a, v));
                    case "--harness" -> o.harness = Path.of(required(a, v));
                    case "--reports" -> o.reports = v.isBlank() ? null : Path.of(v);
                    case "--mutation" -> o.mutation = v.isBlank() ? null : Path.of(v);
                    case "--catalogue" -> o.catalogue = v.isBlank() ? null : Path.of(v);
                    case "--out" -> o.out = Path.of(required(a, v));
                    case "--protect" -> o.protect.add(required(a, v));
                    default -> throw new IllegalArgumentException("unknown option " + a
                            + " (known: --cucumber --harness --reports --mutation --catalogue --out --protect --with-cucumber-report)");
                }
            }
            return o;
        }

        private static String required(String option, String value) {
            if (value.isBlank()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }
}
