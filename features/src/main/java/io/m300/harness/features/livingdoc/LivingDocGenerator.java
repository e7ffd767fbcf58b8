package io.m300.harness.features.livingdoc;

import static io.m300.harness.features.livingdoc.Html.md;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.m300.harness.features.livingdoc.Catalogue.Area;
import io.m300.harness.features.livingdoc.Catalogue.Beyond;
import io.m300.harness.features.livingdoc.Catalogue.Control;
import io.m300.harness.features.livingdoc.Catalogue.Mapping;
import io.m300.harness.features.livingdoc.Pages.AreaCell;
import io.m300.harness.features.livingdoc.Pages.AreaView;
import io.m300.harness.features.livingdoc.Pages.BeyondRow;
import io.m300.harness.features.livingdoc.Pages.Card;
import io.m300.harness.features.livingdoc.Pages.Cell;
import io.m300.harness.features.livingdoc.Pages.ControlPage;
import io.m300.harness.features.livingdoc.Pages.ControlRef;
import io.m300.harness.features.livingdoc.Pages.ControlRow;
import io.m300.harness.features.livingdoc.Pages.Culprit;
import io.m300.harness.features.livingdoc.Pages.Dot;
import io.m300.harness.features.livingdoc.Pages.HistoryRow;
import io.m300.harness.features.livingdoc.Pages.HookFailure;
import io.m300.harness.features.livingdoc.Pages.MappingRow;
import io.m300.harness.features.livingdoc.Pages.Meta;
import io.m300.harness.features.livingdoc.Pages.MutantBadge;
import io.m300.harness.features.livingdoc.Pages.RunCard;
import io.m300.harness.features.livingdoc.Pages.RunVerdict;
import io.m300.harness.features.livingdoc.Pages.ScenarioGroup;
import io.m300.harness.features.livingdoc.Pages.StepRow;
import io.m300.harness.features.livingdoc.Pages.Uncatalogued;
import io.m300.harness.features.livingdoc.Pages.Why;
import io.m300.harness.features.livingdoc.ScenarioResult.Attachment;
import io.m300.harness.features.livingdoc.ScenarioResult.Step;
import io.m300.harness.features.mutation.MutationReport;
import io.m300.harness.features.mutation.MutationReport.Mutant;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The living documentation: the security concept from the catalogue, each control with its live
 * verdict per target, its scenarios, their evidence and its mutant's verdict. Static HTML and one
 * stylesheet; no script, no server.
 *
 * <p>This class only computes what the pages show ({@link Pages}); the HTML is in the jte templates
 * under {@code features/src/main/jte}, compiled to Java at build time. Counts are put on the page as
 * data attributes ({@code data-passed} on each run, one {@code data-scenario-status} mark per
 * scenario) so that a browser check can compare what rendered with Cucumber's own summary.
 */
public final class LivingDocGenerator {

    public static final String INDEX = "index.html";
    public static final String STYLESHEET = "living-docs.css";
    private static final Pattern HUB_ID = Pattern.compile("\\b[A-Z][A-Za-z0-9]*\\.\\d+\\b");
    private static final String BEYOND = "beyond";
    /** The templates, precompiled by jte-maven-plugin into this package (see features/pom.xml). */
    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(
            null,
            ContentType.Html,
            LivingDocGenerator.class.getClassLoader(),
            "io.m300.harness.features.livingdoc.templates");

    /** What to render from. Runs appear side by side in this order (the current run first). */
    public record Input(
            Catalogue catalogue,
            List<Run> runs,
            List<MutationReport> mutations,
            List<Link> reports,
            List<String> protectedValues,
            Instant generated,
            List<RunFindings> findings,
            History history) {

        /** Without waivers (every violation stands) and with the runs' own history only. */
        public Input(
                Catalogue catalogue,
                List<Run> runs,
                List<MutationReport> mutations,
                List<Link> reports,
                List<String> protectedValues,
                Instant generated) {
            this(
                    catalogue,
                    runs,
                    mutations,
                    reports,
                    protectedValues,
                    generated,
                    runs.stream()
                            .map(r -> RunFindings.of(r, List.of(), java.time.LocalDate.now()))
                            .toList(),
                    History.of(null, null, runs, catalogue, generated));
        }
    }

    /** A link to another report (the Cucumber report), relative to the output folder. */
    public record Link(String title, String href, String description) {}

    private final Input in;
    /** For each scenario: the one place (control ID or "beyond") where it is counted. */
    private final Map<ScenarioResult, String> home = new IdentityHashMap<>();

    private LivingDocGenerator(Input in) {
        this.in = in;
        Set<String> known = new LinkedHashSet<>();
        in.catalogue().controls().forEach(c -> known.add(c.id()));
        for (Run run : in.runs()) {
            for (ScenarioResult s : run.scenarios()) {
                home.put(
                        s,
                        s.controlIds().stream()
                                .filter(known::contains)
                                .findFirst()
                                .orElse(BEYOND));
            }
        }
    }

    /** Writes index.html, one page per control and the stylesheet into {@code out}; returns index.html. */
    public static Path generate(Input in, Path out) {
        try {
            Files.createDirectories(out);
            LivingDocGenerator g = new LivingDocGenerator(in);
            g.write(out.resolve(INDEX), "index.jte", g.index());
            for (Control c : in.catalogue().controls()) {
                g.write(out.resolve(pageOf(c.id())), "control.jte", g.controlPage(c));
            }
            try (InputStream css = LivingDocGenerator.class.getResourceAsStream("/livingdoc/" + STYLESHEET)) {
                if (css == null) {
                    throw new IllegalStateException(
                            "stylesheet /livingdoc/" + STYLESHEET + " missing from the classpath");
                }
                Files.write(out.resolve(STYLESHEET), css.readAllBytes());
            }
            return out.resolve(INDEX);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the living documentation to " + out, e);
        }
    }

    static String pageOf(String controlId) {
        return "control-" + Html.slug(controlId) + ".html";
    }

    private void write(Path file, String template, Object page) throws IOException {
        StringOutput html = new StringOutput();
        TEMPLATES.render(template, page, html);
        Files.writeString(file, redact(html.toString()), StandardCharsets.UTF_8);
    }

    /** Defence in depth: a protected value (the run's password) never reaches a page, raw or escaped. */
    private String redact(String html) {
        String result = html;
        for (String secret : in.protectedValues()) {
            if (secret != null && secret.length() >= 4) {
                result = result.replace(secret, "[redacted]")
                        .replace(Html.escapeContent(secret), "[redacted]")
                        .replace(Html.escapeAttribute(secret), "[redacted]");
            }
        }
        return result;
    }

    // ----------------------------------------------------------------- index

    private Pages.Index index() {
        Catalogue cat = in.catalogue();
        return new Pages.Index(
                Html.when(in.generated().toString()),
                in.runs().stream().map(this::runCard).toList(),
                in.reports(),
                cat.areas().stream().map(this::area).toList(),
                cat.controls().size(),
                !in.mutations().isEmpty(),
                beyondRows(),
                uncatalogued(),
                cat.mappings().stream().map(LivingDocGenerator::mappingRow).toList());
    }

    private RunCard runCard(Run run) {
        Map<Status, Integer> c = run.counts();
        int failures = c.get(Status.FAILED) + c.get(Status.AMBIGUOUS) + c.get(Status.UNDEFINED) + c.get(Status.PENDING);
        List<Meta> meta = new ArrayList<>();
        meta.add(new Meta("run", run.runId()));
        meta.add(new Meta("started", Html.when(run.started())));
        meta.add(new Meta("region", run.region()));
        List<String> phases = new ArrayList<>();
        run.timings().forEach((phase, seconds) -> phases.add(phase + " " + Html.seconds(seconds)));
        meta.add(new Meta("phases", String.join(" · ", phases)));
        return new RunCard(
                run.runId(),
                run.target(),
                run.label(),
                run.description(),
                run.scenarios().size(),
                c.get(Status.PASSED),
                failures,
                c.get(Status.SKIPPED),
                run.summary(),
                controlTally(run),
                meta.stream()
                        .filter(m -> m.value() != null && !m.value().isBlank())
                        .toList());
    }

    /** {@code 28 controls: 3 passed, 1 skipped on this target, 24 not yet covered}. */
    private String controlTally(Run run) {
        AreaCell all = areaCell(run, in.catalogue().controls());
        return in.catalogue().controls().size() + " controls: " + all.words();
    }

    private AreaView area(Area area) {
        return new AreaView(
                area.anchor(),
                area.number(),
                area.title(),
                narrativeOf(area),
                area.controls().stream()
                        .map(c -> new ControlRef(c.id(), pageOf(c.id()), c.statement()))
                        .toList(),
                in.runs().stream().map(run -> areaCell(run, area.controls())).toList(),
                area.controls().stream().map(this::controlRow).toList());
    }

    private AreaCell areaCell(Run run, List<Control> controls) {
        Map<Verdict, Integer> n = new EnumMap<>(Verdict.class);
        RunFindings findings = findingsOf(run);
        controls.forEach(c -> n.merge(verdict(findings, run.scenariosOf(c.id())), 1, Integer::sum));
        Verdict overall = n.containsKey(Verdict.FAILED)
                ? Verdict.FAILED
                : n.containsKey(Verdict.ERRORED)
                        ? Verdict.ERRORED
                        : n.containsKey(Verdict.NOT_COVERED) && n.size() == 1
                                ? Verdict.NOT_COVERED
                                : n.containsKey(Verdict.PASSED) || n.containsKey(Verdict.PARTLY)
                                        ? Verdict.PASSED
                                        : Verdict.SKIPPED;
        return new AreaCell(overall, n);
    }

    /** The narrative of the feature file whose scenarios carry this area's control IDs; null if none. */
    private String narrativeOf(Area area) {
        Set<String> ids = new LinkedHashSet<>();
        area.controls().forEach(c -> ids.add(c.id()));
        return in.runs().stream()
                .flatMap(run -> run.scenarios().stream())
                .filter(s -> s.controlIds().stream().anyMatch(ids::contains))
                .map(ScenarioResult::featureDescription)
                .filter(d -> !d.isBlank())
                .findFirst()
                .orElse(null);
    }

    private ControlRow controlRow(Control c) {
        return new ControlRow(
                c.id(),
                c.statement(),
                pageOf(c.id()),
                hubIds(in.catalogue().mappingsOf(c.id())),
                in.runs().stream()
                        .map(run -> cell(run, run.scenariosOf(c.id()), c.id()))
                        .toList(),
                mutants(c.id()));
    }

    /** A verdict cell: in the matrix ({@code place} = the control ID) or beyond single controls. */
    private Cell cell(Run run, List<ScenarioResult> scenarios, String place) {
        boolean beyond = BEYOND.equals(place);
        List<Dot> dots = scenarios.stream()
                .map(s -> new Dot(
                        s.status().label(),
                        s.name() + ": " + s.status().label(),
                        place.equals(home.get(s)) ? run.runId() : null))
                .toList();
        List<List<Attachment>> evidence = beyond
                ? scenarios.stream()
                        .map(ScenarioResult::evidence)
                        .filter(e -> !e.isEmpty())
                        .toList()
                : List.of();
        RunFindings findings = findingsOf(run);
        return new Cell(
                beyond ? null : run.runId(),
                verdict(findings, scenarios),
                dots,
                whys(findings, scenarios),
                evidence,
                beyond ? null : in.history().strip(place, run.target()));
    }

    private RunFindings findingsOf(Run run) {
        for (RunFindings f : in.findings()) {
            if (f.run() == run) {
                return f;
            }
        }
        return RunFindings.of(run, List.of(), java.time.LocalDate.now());
    }

    /** The scenarios' verdict; violated ones that every waiver accepts make it "accepted". */
    static Verdict verdict(RunFindings findings, List<ScenarioResult> scenarios) {
        Verdict v = Verdict.of(scenarios);
        if (v != Verdict.FAILED) {
            return v;
        }
        List<ScenarioResult> accepted = findings.acceptedScenarios();
        boolean allAccepted = scenarios.stream()
                .filter(s -> s.status().isFailure())
                .allMatch(s -> s.failedOnAssertion() && accepted.stream().anyMatch(a -> a == s));
        return allAccepted ? Verdict.ACCEPTED : v;
    }

    /** The resources a scenario's findings name, as the pages show them. */
    static List<Culprit> culprits(RunFindings findings, ScenarioResult s) {
        List<Culprit> out = new ArrayList<>();
        for (Finding f : findings.of(s)) {
            if (f.resources().isEmpty()) {
                f.describe().forEach(d -> out.add(new Culprit(d, null, null, null, true)));
            }
            for (var n : f.resources()) {
                var where = n.outsideTheStack() ? null : n.entry().effective();
                out.add(new Culprit(
                        n.describe(),
                        n.outsideTheStack() ? n.reference() : n.entry().address(),
                        where == null ? null : where.toString(),
                        where == null ? null : where.link(System::getenv),
                        n.outsideTheStack()));
            }
        }
        return out.stream().distinct().toList();
    }

    static String waiverOf(RunFindings findings, ScenarioResult s) {
        return findings.of(s).stream()
                .map(f -> f.waiver().text().orElse(null))
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    /** Under a badge: the failing step and message, or the reason for the skip. */
    private static List<Why> whys(RunFindings findings, List<ScenarioResult> scenarios) {
        List<Why> whys = new ArrayList<>();
        for (ScenarioResult s : scenarios) {
            if (s.status().isFailure() && s.failedOnAssertion()) {
                s.failingStep()
                        .ifPresent(step -> whys.add(new Why(
                                Why.Kind.VIOLATED,
                                firstLines(step.message(), 3),
                                step.keyword() + " " + step.text(),
                                culprits(findings, s),
                                waiverOf(findings, s))));
            } else if (s.status().isFailure()) {
                whys.add(s.failingStep()
                        .map(step -> new Why(Why.Kind.ERRORED, errorOf(s, step), step.keyword() + " " + step.text()))
                        .orElse(new Why(Why.Kind.ERRORED, "the scenario failed without a failing step", null)));
            } else if (s.status() == Status.SKIPPED) {
                s.skipReason().ifPresent(r -> whys.add(new Why(Why.Kind.SKIPPED, r, null)));
            }
        }
        return whys;
    }

    /** Why a check could not look: {@code SdkClientException: Unable to execute HTTP request}. */
    private static String errorOf(ScenarioResult s, Step step) {
        String type = s.errorType();
        String message = step.status() == Status.UNDEFINED
                ? "no step definition matches it"
                : step.status() == Status.FAILED
                        ? firstLines(step.message(), 3)
                                .replaceFirst("^(?:[a-z_][\\w$]*\\.)+(?=[A-Z][\\w$]*(?:Exception|Error)\\b)", "")
                                // an AWS answer that is no evidence (support's CouldNotVerify) says so itself: "could
                                // not verify: <call> answered <code> (<status>)"
                                .replaceFirst("^(?:[a-z_][\\w$]*\\.)*CouldNotVerify: ", "")
                        : "it is " + step.status().label();
        return (type.isEmpty() || message.startsWith(type) ? "" : type + ": ") + message;
    }

    private static String firstLines(String text, int n) {
        String[] lines = text.split("\n");
        if (lines.length <= n) {
            return text;
        }
        return String.join("\n", java.util.Arrays.copyOf(lines, n)) + " …";
    }

    private List<MutantBadge> mutants(String controlId) {
        List<MutantBadge> badges = new ArrayList<>();
        for (MutationReport r : in.mutations()) {
            for (Mutant mu : r.all(controlId)) {
                // undeclared: killed, but it tripped controls its README does not declare; it fails the run like a
                // survivor
                String css = mu.killed()
                        ? "killed"
                        : mu.survived() || "undeclared".equals(mu.verdict())
                                ? "survived"
                                : mu.errored() ? "errored" : "not-checkable";
                badges.add(new MutantBadge(
                        css,
                        mu.name(),
                        mu.verdict(),
                        mutantTitle(r, mu),
                        mu.name().equals(controlId)
                                ? null
                                : mu.name().substring(mu.name().indexOf('.') + 1),
                        mu.errored()
                                ? "could not be verified"
                                : "undeclared".equals(mu.verdict())
                                        ? "killed, tripping undeclared controls"
                                        : mu.verdict(),
                        in.mutations().size() > 1 ? r.target() : null));
            }
        }
        return badges;
    }

    private static String mutantTitle(MutationReport r, Mutant m) {
        StringBuilder t = new StringBuilder(m.name())
                .append(" on ")
                .append(r.target())
                .append(": ")
                .append(
                        m.errored()
                                ? "errored (its control's check threw instead of asserting: could not be verified)"
                                : m.verdict());
        if (m.killed()) {
            t.append(
                    m.precise()
                            ? ", precisely (no other control tripped)"
                            : ", but it also tripped " + String.join(", ", m.tripped()));
        } else if (!m.tripped().isEmpty()) {
            t.append("; tripped ").append(String.join(", ", m.tripped()));
        }
        if (m.seconds() > 0) {
            t.append(String.format(Locale.ROOT, " in %.0f s", m.seconds()));
        }
        if (!m.reason().isBlank()) {
            t.append(". ").append(m.reason());
        }
        return t.toString();
    }

    private static String hubIds(List<Mapping> mappings) {
        Set<String> ids = new LinkedHashSet<>();
        for (Mapping m : mappings) {
            Matcher x = HUB_ID.matcher(m.securityHub());
            while (x.find()) {
                ids.add(x.group());
            }
        }
        return ids.isEmpty() ? "—" : String.join(", ", ids);
    }

    /** The catalogue's items beyond single controls, without its notes about controls. */
    private List<Beyond> beyondItems() {
        return in.catalogue().beyond().stream()
                .filter(item ->
                        !Catalogue.CONTROL_ID.matcher(item.description()).find())
                .toList();
    }

    private List<BeyondRow> beyondRows() {
        return beyondItems().stream()
                .map(item -> new BeyondRow(
                        item.tag(),
                        item.name(),
                        md(item.description()),
                        in.runs().stream()
                                .map(run -> cell(
                                        run,
                                        run.scenarios().stream()
                                                .filter(s -> BEYOND.equals(home.get(s)) && s.hasTag(item.tag()))
                                                .toList(),
                                        BEYOND))
                                .toList()))
                .toList();
    }

    /** Scenarios outside the catalogue, by name: counted too, so the totals match Cucumber's. */
    private List<Uncatalogued> uncatalogued() {
        List<String> tags = beyondItems().stream().map(Beyond::tag).toList();
        Map<String, List<ScenarioResult>> others = new LinkedHashMap<>();
        for (Run run : in.runs()) {
            for (ScenarioResult s : run.scenarios()) {
                if (BEYOND.equals(home.get(s)) && tags.stream().noneMatch(s::hasTag)) {
                    others.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
                }
            }
        }
        return others.entrySet().stream()
                .map(e -> {
                    ScenarioResult first = e.getValue().get(0);
                    return new Uncatalogued(
                            e.getKey(),
                            first.controlIds(),
                            first.tags(),
                            in.runs().stream()
                                    .map(run -> cell(
                                            run,
                                            e.getValue().stream()
                                                    .filter(s -> run.scenarios().stream()
                                                            .anyMatch(x -> x == s))
                                                    .toList(),
                                            BEYOND))
                                    .toList());
                })
                .toList();
    }

    private static MappingRow mappingRow(Mapping m) {
        return new MappingRow(
                m.controls().stream()
                        .map(id -> new ControlRef(id, pageOf(id), null))
                        .toList(),
                m.beyondSecurityHub() ? null : md(m.securityHub()),
                md(m.cis()),
                m.note().isBlank() ? null : md(m.note()));
    }

    // ----------------------------------------------------------- control page

    private ControlPage controlPage(Control c) {
        List<RunVerdict> verdicts = in.runs().stream()
                .map(run -> new RunVerdict(run.label(), verdict(findingsOf(run), run.scenariosOf(c.id()))))
                .toList();
        // scenarios by name, each with its result on every target side by side
        Map<String, List<Map.Entry<Run, ScenarioResult>>> byName = new LinkedHashMap<>();
        for (Run run : in.runs()) {
            for (ScenarioResult s : run.scenariosOf(c.id())) {
                byName.computeIfAbsent(
                                s.name() + "\u0000"
                                        + s.tags().stream()
                                                .filter(t -> t.startsWith("@requires-"))
                                                .toList(),
                                k -> new ArrayList<>())
                        .add(Map.entry(run, s));
            }
        }
        List<ScenarioGroup> groups = new ArrayList<>();
        for (List<Map.Entry<Run, ScenarioResult>> group : byName.values()) {
            ScenarioResult first = group.get(0).getValue();
            List<Card> cards = new ArrayList<>();
            for (Run run : in.runs()) {
                group.stream()
                        .filter(e -> e.getKey() == run)
                        .forEach(e -> cards.add(card(run, e.getValue(), findingsOf(run))));
                if (group.stream().noneMatch(e -> e.getKey() == run)) {
                    cards.add(Card.notRun(run.label()));
                }
            }
            groups.add(new ScenarioGroup(first.name(), first.tags(), shortUri(first.uri()), first.line(), cards));
        }
        return new ControlPage(
                c.id(),
                c.statement(),
                c.area(),
                verdicts,
                Catalogue.isNone(c.evidence()) ? null : md(c.evidence()),
                Catalogue.isNone(c.behaviour()) ? null : md(c.behaviour()),
                md(c.mutant()),
                mutants(c.id()),
                !in.mutations().isEmpty(),
                in.catalogue().mappingsOf(c.id()).stream()
                        .map(LivingDocGenerator::mappingRow)
                        .toList(),
                groups,
                in.runs().size(),
                in.runs().stream()
                        .map(Run::target)
                        .distinct()
                        .map(t -> new HistoryRow(t, in.history().strip(c.id(), t)))
                        .filter(h -> !h.strip().isEmpty())
                        .toList());
    }

    private static Card card(Run run, ScenarioResult s, RunFindings findings) {
        List<HookFailure> hookFailures = s.hooks().stream()
                .filter(h -> h.status().isFailure())
                .map(h -> new HookFailure(h.keyword(), h.text(), h.message()))
                .toList();
        List<StepRow> steps = s.steps().stream()
                .map(step -> new StepRow(
                        step.status().label(),
                        step.background(),
                        step.keyword(),
                        step.text(),
                        Html.duration(step.durationNanos()),
                        step.rows(),
                        step.docString(),
                        !step.status().isFailure()
                                ? null
                                : step.status() == Status.UNDEFINED
                                                && step.message().isBlank()
                                        ? "undefined: no step definition matches this step"
                                        : step.message(),
                        step.attachments().stream()
                                .filter(Attachment::isEvidence)
                                .toList()))
                .toList();
        List<Attachment> hookEvidence = s.hooks().stream()
                .flatMap(h -> h.attachments().stream())
                .filter(Attachment::isEvidence)
                .toList();
        return new Card(
                run.label(),
                run.runId(),
                verdict(findings, List.of(s)),
                s.status().label(),
                Html.when(s.started()),
                Html.duration(s.durationNanos()),
                run.description(),
                s.skipReason().orElse(null),
                hookFailures,
                steps,
                hookEvidence,
                culprits(findings, s),
                waiverOf(findings, s));
    }

    private static String shortUri(String uri) {
        int i = uri.lastIndexOf("features/");
        return i >= 0 ? uri.substring(i) : uri;
    }
}
