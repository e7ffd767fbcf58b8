package io.m300.harness.features.livingdoc;

import static io.m300.harness.features.livingdoc.Html.esc;
import static io.m300.harness.features.livingdoc.Html.md;

import io.m300.harness.features.livingdoc.Catalogue.Area;
import io.m300.harness.features.livingdoc.Catalogue.Beyond;
import io.m300.harness.features.livingdoc.Catalogue.Control;
import io.m300.harness.features.livingdoc.Catalogue.Mapping;
import io.m300.harness.features.livingdoc.MutationReport.Mutant;
import io.m300.harness.features.livingdoc.ScenarioResult.Attachment;
import io.m300.harness.features.livingdoc.ScenarioResult.Step;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the living documentation: the security concept from the catalogue, each control with
 * its live verdict per target, its scenarios, their evidence and its mutant's verdict. Static
 * HTML and one stylesheet; no script, no server.
 *
 * <p>Counts are put on the page as data attributes ({@code data-passed} on each run, one
 * {@code data-scenario-status} mark per scenario) so that a browser check can compare what
 * rendered with Cucumber's own summary.
 */
public final class LivingDocGenerator {

    public static final String INDEX = "index.html";
    public static final String STYLESHEET = "living-docs.css";
    private static final Pattern HUB_ID = Pattern.compile("\\b[A-Z][A-Za-z0-9]*\\.\\d+\\b");

    /** What to render from. Runs appear side by side in this order (the current run first). */
    public record Input(Catalogue catalogue, List<Run> runs, List<MutationReport> mutations,
            List<Link> reports, List<String> protectedValues, Instant generated) {}

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
                home.put(s, s.controlIds().stream().filter(known::contains).findFirst().orElse("beyond"));
            }
        }
    }

    /** Writes index.html, one page per control and the stylesheet into {@code out}; returns index.html. */
    public static Path generate(Input in, Path out) {
        try {
            Files.createDirectories(out);
            LivingDocGenerator g = new LivingDocGenerator(in);
            g.write(out.resolve(INDEX), g.index());
            for (Control c : in.catalogue().controls()) {
                g.write(out.resolve(pageOf(c.id())), g.controlPage(c));
            }
            try (InputStream css = LivingDocGenerator.class.getResourceAsStream("/livingdoc/" + STYLESHEET)) {
                if (css == null) {
                    throw new IllegalStateException("stylesheet /livingdoc/" + STYLESHEET + " missing from the classpath");
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

    private void write(Path file, String html) throws IOException {
        Files.writeString(file, redact(html), StandardCharsets.UTF_8);
    }

    /** Defence in depth: a protected value (the run's password) never reaches a page, raw or escaped. */
    private String redact(String html) {
        String result = html;
        for (String secret : in.protectedValues()) {
            if (secret != null && secret.length() >= 4) {
                result = result.replace(secret, "[redacted]").replace(esc(secret), "[redacted]");
            }
        }
        return result;
    }

    // ----------------------------------------------------------------- index

    private String index() {
        Catalogue cat = in.catalogue();
        StringBuilder b = new StringBuilder(64 * 1024);
        head(b, "Security concept — living documentation");
        b.append("<header class=\"masthead\"><div class=\"wrap\">")
                .append("<p class=\"eyebrow\">m300 WordPress stack · security concept</p>")
                .append("<h1>Every promise, with its proof from the last run</h1>")
                .append("<p class=\"lede\">Each control of the catalogue, checked against the deployed stack through the AWS APIs. ")
                .append("Generated ").append(esc(Html.when(in.generated().toString())))
                .append(" from ").append(in.runs().size()).append(in.runs().size() == 1 ? " run" : " runs")
                .append(" — not maintained by hand.</p>");
        runCards(b);
        b.append("</div></header>");
        b.append("<nav class=\"toc\"><div class=\"wrap\"><a href=\"#summary\">Summary</a><a href=\"#matrix\">Controls</a>")
                .append("<a href=\"#beyond\">Beyond single controls</a><a href=\"#standards\">Security Hub &amp; CIS</a>");
        for (Link l : in.reports()) {
            b.append("<a class=\"ext\" href=\"").append(esc(l.href())).append("\">").append(esc(l.title())).append("</a>");
        }
        b.append("</div></nav><main class=\"wrap\">");

        legend(b);
        summary(b, cat);
        matrix(b, cat);
        beyond(b, cat);
        standards(b, cat);
        reports(b);
        b.append("</main>");
        foot(b);
        return b.toString();
    }

    private void runCards(StringBuilder b) {
        b.append("<div class=\"runs\">");
        if (in.runs().isEmpty()) {
            b.append("<p class=\"run none\">No run results were found: every control below shows as not yet covered.</p>");
        }
        for (Run run : in.runs()) {
            Map<Status, Integer> c = run.counts();
            int failures = c.get(Status.FAILED) + c.get(Status.AMBIGUOUS) + c.get(Status.UNDEFINED) + c.get(Status.PENDING);
            b.append("<section class=\"run").append(failures > 0 ? " has-failures" : "").append("\"")
                    .append(" data-run=\"").append(esc(run.runId())).append("\"")
                    .append(" data-target=\"").append(esc(run.target())).append("\"")
                    .append(" data-scenarios=\"").append(run.scenarios().size()).append("\"")
                    .append(" data-passed=\"").append(c.get(Status.PASSED)).append("\"")
                    .append(" data-failed=\"").append(failures).append("\"")
                    .append(" data-skipped=\"").append(c.get(Status.SKIPPED)).append("\">")
                    .append("<h2>").append(esc(run.target())).append("</h2>")
                    .append("<p class=\"desc\">").append(esc(run.description())).append("</p>")
                    .append("<p class=\"tally\">")
                    .append(count(c.get(Status.PASSED), "passed", "passed"))
                    .append(count(failures, "failed", "failed"))
                    .append(count(c.get(Status.SKIPPED), "skipped", "skipped"))
                    .append("</p>")
                    .append("<p class=\"cucumber-summary\">").append(esc(run.summary())).append("</p>")
                    .append("<p class=\"control-tally\">").append(esc(controlTally(run))).append("</p>")
                    .append("<dl class=\"meta\">");
            meta(b, "run", run.runId());
            meta(b, "started", Html.when(run.started()));
            meta(b, "region", run.region());
            if (!run.timings().isEmpty()) {
                List<String> t = new ArrayList<>();
                run.timings().entrySet()
                        .forEach(e -> t.add(e.getKey() + " " + Html.seconds(e.getValue()).replace("&lt;", "<")));
                meta(b, "phases", String.join(" · ", t));
            }
            b.append("</dl></section>");
        }
        b.append("</div>");
    }

    /** {@code 28 controls: 3 passed, 1 skipped on this target, 24 not yet covered}. */
    private String controlTally(Run run) {
        Map<Verdict, Integer> n = new EnumMap<>(Verdict.class);
        in.catalogue().controls().forEach(c -> n.merge(Verdict.of(run.scenariosOf(c.id())), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        n.forEach((v, k) -> parts.add(k + " " + v.label()));
        return in.catalogue().controls().size() + " controls: " + String.join(", ", parts);
    }

    private static String count(int n, String css, String label) {
        return "<span class=\"n " + css + "\"><b>" + n + "</b> " + label + "</span>";
    }

    private static void meta(StringBuilder b, String key, String value) {
        if (value != null && !value.isBlank()) {
            b.append("<dt>").append(esc(key)).append("</dt><dd>").append(esc(value)).append("</dd>");
        }
    }

    private static void legend(StringBuilder b) {
        b.append("<p class=\"legend\">");
        for (Verdict v : Verdict.values()) {
            b.append("<span class=\"badge v-").append(v.css()).append("\">").append(esc(v.label())).append("</span>");
        }
        b.append("</p>");
    }

    private void summary(StringBuilder b, Catalogue cat) {
        b.append("<section id=\"summary\"><h2>The security concept at a glance</h2>")
                .append("<table class=\"summary\"><thead><tr><th>Area</th><th>What is implemented</th>");
        for (Run run : in.runs()) {
            b.append("<th class=\"target\">").append(esc(run.label())).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        for (Area area : cat.areas()) {
            b.append("<tr><th scope=\"row\"><a href=\"#").append(area.anchor()).append("\">")
                    .append(esc(area.number())).append(". ").append(esc(area.title())).append("</a></th><td>");
            Optional<String> narrative = narrativeOf(area);
            narrative.ifPresent(n -> b.append("<p>").append(esc(n)).append("</p>"));
            b.append("<p class=\"ids\">");
            for (Control c : area.controls()) {
                b.append("<a href=\"").append(pageOf(c.id())).append("\" title=\"").append(esc(c.statement()))
                        .append("\">").append(esc(c.id())).append("</a> ");
            }
            b.append("</p></td>");
            for (Run run : in.runs()) {
                Map<Verdict, Integer> n = new EnumMap<>(Verdict.class);
                for (Control c : area.controls()) {
                    n.merge(Verdict.of(run.scenariosOf(c.id())), 1, Integer::sum);
                }
                Verdict overall = n.containsKey(Verdict.FAILED) ? Verdict.FAILED
                        : n.containsKey(Verdict.ERRORED) ? Verdict.ERRORED
                        : n.containsKey(Verdict.NOT_COVERED) && n.size() == 1 ? Verdict.NOT_COVERED
                        : n.containsKey(Verdict.PASSED) || n.containsKey(Verdict.PARTLY) ? Verdict.PASSED
                        : Verdict.SKIPPED;
                b.append("<td class=\"area-status\" data-area-status=\"").append(overall.css()).append("\">");
                bar(b, n, area.controls().size());
                b.append("<ul class=\"counts\">");
                for (Verdict v : Verdict.values()) {
                    if (n.containsKey(v)) {
                        b.append("<li class=\"c-").append(v.css()).append("\">").append(n.get(v)).append(' ')
                                .append(esc(v.label())).append("</li>");
                    }
                }
                b.append("</ul></td>");
            }
            b.append("</tr>");
        }
        b.append("</tbody></table></section>");
    }

    private static void bar(StringBuilder b, Map<Verdict, Integer> n, int total) {
        b.append("<div class=\"bar\" role=\"img\" aria-label=\"");
        List<String> words = new ArrayList<>();
        n.forEach((v, k) -> words.add(k + " " + v.label()));
        b.append(esc(String.join(", ", words))).append("\">");
        for (Verdict v : Verdict.values()) {
            if (n.containsKey(v) && total > 0) {
                b.append("<span class=\"seg v-").append(v.css()).append("\" style=\"flex-grow:").append(n.get(v))
                        .append("\"></span>");
            }
        }
        b.append("</div>");
    }

    /** The narrative of the feature file whose scenarios carry this area's control IDs. */
    private Optional<String> narrativeOf(Area area) {
        Set<String> ids = new LinkedHashSet<>();
        area.controls().forEach(c -> ids.add(c.id()));
        for (Run run : in.runs()) {
            for (ScenarioResult s : run.scenarios()) {
                if (s.controlIds().stream().anyMatch(ids::contains)) {
                    String d = s.featureDescription();
                    if (!d.isBlank()) {
                        return Optional.of(d);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private void matrix(StringBuilder b, Catalogue cat) {
        b.append("<section id=\"matrix\" data-controls=\"").append(cat.controls().size()).append("\">")
                .append("<h2>Controls and their live verdicts</h2>")
                .append("<p class=\"hint\">One row per control of the catalogue; each dot is one scenario. ")
                .append("Open a control for its scenarios, the evidence observed and its standards.</p>")
                .append("<table class=\"matrix\"><thead><tr><th>ID</th><th>Statement</th><th>Security Hub</th>");
        for (Run run : in.runs()) {
            b.append("<th class=\"target\">").append(esc(run.label())).append("</th>");
        }
        b.append("<th>Mutant</th></tr></thead>");
        for (Area area : cat.areas()) {
            b.append("<tbody id=\"").append(area.anchor()).append("\"><tr class=\"area-row\"><th colspan=\"")
                    .append(4 + in.runs().size()).append("\">").append(esc(area.number())).append(". ")
                    .append(esc(area.title())).append("</th></tr>");
            for (Control c : area.controls()) {
                b.append("<tr class=\"control\" data-control=\"").append(esc(c.id())).append("\">")
                        .append("<td class=\"id\"><a href=\"").append(pageOf(c.id())).append("\">").append(esc(c.id()))
                        .append("</a></td><td class=\"statement\"><a href=\"").append(pageOf(c.id())).append("\">")
                        .append(esc(c.statement())).append("</a></td><td class=\"hub\">")
                        .append(esc(hubIds(cat.mappingsOf(c.id())))).append("</td>");
                for (Run run : in.runs()) {
                    List<ScenarioResult> scenarios = run.scenariosOf(c.id());
                    Verdict v = Verdict.of(scenarios);
                    b.append("<td class=\"verdict\" data-run=\"").append(esc(run.runId())).append("\" data-verdict=\"")
                            .append(v.css()).append("\"><span class=\"badge v-").append(v.css()).append("\">")
                            .append(esc(v.label())).append("</span>");
                    dots(b, run, scenarios, c.id());
                    verdictDetail(b, scenarios);
                    b.append("</td>");
                }
                b.append("<td class=\"mutant\">");
                mutantBadges(b, c.id(), true);
                b.append("</td></tr>");
            }
            b.append("</tbody>");
        }
        b.append("</table></section>");
    }

    /** One dot per scenario; {@code data-scenario-status} only where the scenario is counted. */
    private void dots(StringBuilder b, Run run, List<ScenarioResult> scenarios, String place) {
        if (scenarios.isEmpty()) {
            return;
        }
        b.append("<span class=\"dots\">");
        for (ScenarioResult s : scenarios) {
            b.append("<span class=\"dot s-").append(s.status().label()).append("\" title=\"")
                    .append(esc(s.name() + ": " + s.status().label())).append("\"");
            if (place.equals(home.get(s))) {
                b.append(" data-run=\"").append(esc(run.runId())).append("\" data-scenario-status=\"")
                        .append(s.status().label()).append("\"");
            }
            b.append("></span>");
        }
        b.append("</span>");
    }

    /** Under a badge: the failing step and message, or the reason for the skip. */
    private static void verdictDetail(StringBuilder b, List<ScenarioResult> scenarios) {
        for (ScenarioResult s : scenarios) {
            if (s.status().isFailure() && s.failedOnAssertion()) {
                s.failingStep().ifPresent(step -> b.append("<p class=\"why fail\"><b>Violated:</b> <span class=\"step\">")
                        .append(esc(step.keyword() + " " + step.text())).append("</span>")
                        .append(esc(firstLines(step.message(), 3))).append("</p>"));
            } else if (s.status().isFailure()) {
                b.append("<p class=\"why error\"><b>Could not be verified</b>, because ");
                s.failingStep().ifPresentOrElse(step -> {
                    String type = s.errorType();
                    String message = step.status() == Status.UNDEFINED ? "no step definition matches it"
                            : step.status() == Status.FAILED ? firstLines(step.message(), 3)
                                    .replaceFirst("^(?:[a-z_][\\w$]*\\.)+(?=[A-Z][\\w$]*(?:Exception|Error)\\b)", "")
                            : "it is " + step.status().label();
                    b.append(esc((type.isEmpty() || message.startsWith(type) ? "" : type + ": ") + message))
                            .append(" <span class=\"step\">(").append(esc(step.keyword() + " " + step.text())).append(")</span>");
                }, () -> b.append("the scenario failed without a failing step"));
                b.append("</p>");
            } else if (s.status() == Status.SKIPPED) {
                s.skipReason().ifPresent(r -> b.append("<p class=\"why skip\">").append(esc(r)).append("</p>"));
            }
        }
    }

    private static String firstLines(String text, int n) {
        String[] lines = text.split("\n");
        if (lines.length <= n) {
            return text;
        }
        return String.join("\n", java.util.Arrays.copyOf(lines, n)) + " …";
    }

    private void mutantBadges(StringBuilder b, String controlId, boolean compact) {
        boolean any = false;
        for (MutationReport r : in.mutations()) {
            for (Mutant mu : r.all(controlId)) {
                any = true;
                String css = mu.killed() ? "killed" : mu.survived() ? "survived" : mu.errored() ? "errored" : "not-checkable";
                String label = mu.errored() ? "could not be verified" : mu.verdict();
                b.append("<span class=\"badge m-").append(css).append("\" data-mutant-name=\"").append(esc(mu.name()))
                        .append("\" data-mutant=\"").append(esc(mu.verdict())).append("\" title=\"")
                        .append(esc(mutantTitle(r, mu))).append("\">");
                if (!mu.name().equals(controlId)) {
                    b.append(esc(mu.name().substring(mu.name().indexOf('.') + 1))).append(": ");
                }
                b.append(esc(label));
                if (in.mutations().size() > 1) {
                    b.append(" · ").append(esc(r.target()));
                }
                b.append("</span>");
                if (!compact) {
                    b.append("<p class=\"mutant-detail\"><code>").append(esc(mu.name())).append("</code> ")
                            .append(esc(mutantTitle(r, mu))).append("</p>");
                }
            }
        }
        if (!any) {
            b.append("<span class=\"muted\">").append(in.mutations().isEmpty() ? "no mutation run" : "not in the mutation run")
                    .append("</span>");
        }
    }

    private static String mutantTitle(MutationReport r, Mutant m) {
        StringBuilder t = new StringBuilder(m.name()).append(" on ").append(r.target()).append(": ")
                .append(m.errored() ? "errored (its control's check threw instead of asserting: could not be verified)" : m.verdict());
        if (m.killed()) {
            t.append(m.precise() ? ", precisely (no other control tripped)" : ", but it also tripped " + String.join(", ", m.tripped()));
        } else if (!m.tripped().isEmpty()) {
            t.append("; tripped ").append(String.join(", ", m.tripped()));
        }
        if (m.seconds() > 0) {
            t.append(String.format(java.util.Locale.ROOT, " in %.0f s", m.seconds()));
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

    private void beyond(StringBuilder b, Catalogue cat) {
        b.append("<section id=\"beyond\"><h2>Beyond single controls</h2>")
                .append("<table class=\"matrix beyond\"><thead><tr><th>Scenario</th><th>What it shows</th>");
        for (Run run : in.runs()) {
            b.append("<th class=\"target\">").append(esc(run.label())).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        // the catalogue's items, with the scenarios that carry their tag
        Set<ScenarioResult> shown = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Beyond item : cat.beyond()) {
            if (Catalogue.CONTROL_ID.matcher(item.description()).find()) {
                continue; // a note about controls (e.g. "the three named in the mission"), not a scenario
            }
            b.append("<tr data-beyond=\"").append(esc(item.tag())).append("\"><th scope=\"row\">").append(esc(item.name()))
                    .append(" <code>").append(esc(item.tag())).append("</code></th><td>").append(md(item.description()))
                    .append("</td>");
            for (Run run : in.runs()) {
                List<ScenarioResult> s = run.scenarios().stream()
                        .filter(x -> "beyond".equals(home.get(x)) && x.hasTag(item.tag())).toList();
                shown.addAll(s);
                beyondCell(b, run, s);
            }
            b.append("</tr>");
        }
        // scenarios outside the catalogue: counted too, so the totals match Cucumber's
        Map<String, List<ScenarioResult>> others = new LinkedHashMap<>();
        for (Run run : in.runs()) {
            for (ScenarioResult s : run.scenarios()) {
                if ("beyond".equals(home.get(s)) && !shown.contains(s)) {
                    others.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
                }
            }
        }
        for (Map.Entry<String, List<ScenarioResult>> e : others.entrySet()) {
            ScenarioResult first = e.getValue().get(0);
            List<String> unknown = first.controlIds();
            b.append("<tr class=\"uncatalogued\"><th scope=\"row\">").append(esc(e.getKey())).append("</th><td>")
                    .append(unknown.isEmpty() ? "a scenario with no control ID (tags: " + esc(String.join(" ", first.tags())) + ")"
                            : "tagged " + esc(String.join(", ", unknown)) + ", which the catalogue does not list")
                    .append("</td>");
            for (Run run : in.runs()) {
                beyondCell(b, run, e.getValue().stream().filter(s -> run.scenarios().stream().anyMatch(x -> x == s)).toList());
            }
            b.append("</tr>");
        }
        b.append("</tbody></table></section>");
    }

    private void beyondCell(StringBuilder b, Run run, List<ScenarioResult> s) {
        Verdict v = Verdict.of(s);
        b.append("<td class=\"verdict\" data-verdict=\"").append(v.css()).append("\"><span class=\"badge v-").append(v.css())
                .append("\">").append(esc(v.label())).append("</span>");
        dots(b, run, s, "beyond");
        verdictDetail(b, s);
        for (ScenarioResult x : s) {
            if (!x.evidence().isEmpty()) {
                b.append("<details class=\"evidence\"><summary>evidence</summary>");
                evidenceList(b, x.evidence());
                b.append("</details>");
            }
        }
        b.append("</td>");
    }

    private void standards(StringBuilder b, Catalogue cat) {
        b.append("<section id=\"standards\"><h2>How the controls map to AWS Security Hub and CIS</h2>")
                .append("<p class=\"hint\">FSBP = AWS Foundational Security Best Practices; CIS = CIS AWS Foundations Benchmark v3.0. ")
                .append("Where a standard and the concept disagree, the note says so.</p>")
                .append("<table class=\"standards\"><thead><tr><th>Control</th><th>Security Hub</th><th>CIS v3.0</th><th>Note</th></tr></thead><tbody>");
        for (Mapping m : cat.mappings()) {
            b.append("<tr").append(m.note().isBlank() ? "" : " class=\"noted\"").append("><td class=\"ids\">");
            for (String id : m.controls()) {
                b.append("<a href=\"").append(pageOf(id)).append("\">").append(esc(id)).append("</a> ");
            }
            b.append("</td><td>").append(m.beyondSecurityHub() ? "<span class=\"muted\">none</span>" : md(m.securityHub()))
                    .append("</td><td>").append(md(m.cis())).append("</td><td class=\"note\">").append(md(m.note()))
                    .append("</td></tr>");
        }
        b.append("</tbody></table></section>");
    }

    private void reports(StringBuilder b) {
        if (in.reports().isEmpty()) {
            return;
        }
        b.append("<section id=\"reports\"><h2>Other reports of this run</h2><ul class=\"reports\">");
        for (Link l : in.reports()) {
            b.append("<li><a href=\"").append(esc(l.href())).append("\">").append(esc(l.title())).append("</a> — ")
                    .append(esc(l.description())).append("</li>");
        }
        b.append("</ul></section>");
    }

    // ----------------------------------------------------------- control page

    private String controlPage(Control c) {
        Catalogue cat = in.catalogue();
        StringBuilder b = new StringBuilder(16 * 1024);
        head(b, c.id() + " — " + c.statement());
        b.append("<header class=\"masthead slim\"><div class=\"wrap\"><p class=\"eyebrow\"><a href=\"").append(INDEX)
                .append("#matrix\">← Security concept</a> · ").append(esc(c.area())).append("</p>")
                .append("<h1><span class=\"cid\">").append(esc(c.id())).append("</span> ").append(esc(c.statement()))
                .append("</h1><p class=\"verdicts\">");
        for (Run run : in.runs()) {
            Verdict v = Verdict.of(run.scenariosOf(c.id()));
            b.append("<span class=\"on\">").append(esc(run.label())).append(" <span class=\"badge v-").append(v.css())
                    .append("\" data-verdict=\"").append(v.css()).append("\">").append(esc(v.label())).append("</span></span>");
        }
        b.append("</p></div></header><main class=\"wrap control-page\" data-control=\"").append(esc(c.id())).append("\">");

        b.append("<section class=\"promise\"><h2>What is promised and how it is proven</h2><dl class=\"spec\">")
                .append("<dt>Evidence on every target</dt><dd>").append(Catalogue.isNone(c.evidence()) ? "—" : md(c.evidence())).append("</dd>")
                .append("<dt>Behaviour where the target allows</dt><dd>").append(Catalogue.isNone(c.behaviour()) ? "— (none: the configuration is the proof)" : md(c.behaviour())).append("</dd>")
                .append("<dt>Mutant</dt><dd>").append(md(c.mutant())).append("<div class=\"mutant-verdicts\">");
        mutantBadges(b, c.id(), false);
        b.append("</div></dd></dl></section>");

        b.append("<section class=\"standards\"><h2>Security Hub and CIS</h2>");
        List<Mapping> maps = cat.mappingsOf(c.id());
        if (maps.isEmpty()) {
            b.append("<p class=\"muted\">The mapping table does not list this control.</p>");
        }
        for (Mapping m : maps) {
            b.append("<dl class=\"spec\"><dt>Security Hub</dt><dd>")
                    .append(m.beyondSecurityHub() ? "none: beyond what Security Hub checks" : md(m.securityHub()))
                    .append("</dd><dt>CIS v3.0</dt><dd>").append(md(m.cis())).append("</dd>");
            if (!m.note().isBlank()) {
                b.append("<dt>Note</dt><dd class=\"note\">").append(md(m.note())).append("</dd>");
            }
            if (m.controls().size() > 1) {
                b.append("<dt>Shared with</dt><dd>");
                m.controls().stream().filter(id -> !id.equals(c.id())).forEach(id -> b.append("<a href=\"")
                        .append(pageOf(id)).append("\">").append(esc(id)).append("</a> "));
                b.append("</dd>");
            }
            b.append("</dl>");
        }
        b.append("</section>");

        b.append("<section class=\"scenarios\"><h2>Scenarios and evidence</h2>");
        // scenarios by name, each with its result on every target side by side
        Map<String, List<Map.Entry<Run, ScenarioResult>>> byName = new LinkedHashMap<>();
        for (Run run : in.runs()) {
            for (ScenarioResult s : run.scenariosOf(c.id())) {
                byName.computeIfAbsent(s.name() + "\u0000" + s.tags().stream().filter(t -> t.startsWith("@requires-")).toList(),
                        k -> new ArrayList<>()).add(Map.entry(run, s));
            }
        }
        if (byName.isEmpty()) {
            b.append("<p class=\"not-covered-note\">Not yet covered: no scenario tagged <code>@").append(esc(c.id()))
                    .append("</code> ran").append(in.runs().size() > 1 ? " on any target" : "").append(".</p>");
        }
        for (List<Map.Entry<Run, ScenarioResult>> group : byName.values()) {
            ScenarioResult first = group.get(0).getValue();
            b.append("<article class=\"scenario\"><h3><span class=\"kw\">Scenario:</span> ").append(esc(first.name()))
                    .append("</h3><p class=\"tags\">");
            first.tags().forEach(t -> b.append("<code>").append(esc(t)).append("</code> "));
            b.append("<span class=\"muted\">").append(esc(shortUri(first.uri()))).append(":").append(first.line())
                    .append("</span></p><div class=\"side-by-side\">");
            for (Run run : in.runs()) {
                group.stream().filter(e -> e.getKey() == run).forEach(e -> scenarioCard(b, run, e.getValue()));
                if (group.stream().noneMatch(e -> e.getKey() == run)) {
                    b.append("<div class=\"card k-not-covered\"><h4>").append(esc(run.label()))
                            .append(" <span class=\"badge v-not-covered\">not run</span></h4></div>");
                }
            }
            b.append("</div></article>");
        }
        b.append("</section></main>");
        foot(b);
        return b.toString();
    }

    private void scenarioCard(StringBuilder b, Run run, ScenarioResult s) {
        Verdict v = Verdict.of(List.of(s));
        b.append("<div class=\"card k-").append(v.css()).append("\" data-run=\"").append(esc(run.runId()))
                .append("\" data-status=\"").append(s.status().label()).append("\"><h4>").append(esc(run.label()))
                .append(" <span class=\"badge v-").append(v.css()).append("\">").append(esc(s.status().label()))
                .append("</span></h4><p class=\"when\">").append(esc(Html.when(s.started()))).append(" · ")
                .append(Html.duration(s.durationNanos())).append(run.runId().isBlank() ? "" : " · run " + esc(run.runId()))
                .append(run.description().isBlank() ? "" : "<br>" + esc(run.description())).append("</p>");
        s.skipReason().ifPresent(r -> b.append("<p class=\"why skip\"><b>Skipped:</b> ").append(esc(r)).append("</p>"));
        for (Step h : s.hooks()) {
            if (h.status().isFailure()) {
                b.append("<div class=\"failure\"><p class=\"step\">").append(esc(h.keyword())).append(" hook ")
                        .append(esc(h.text())).append("</p><pre>").append(esc(h.message())).append("</pre></div>");
            }
        }
        b.append("<ol class=\"steps\">");
        for (Step step : s.steps()) {
            b.append("<li class=\"st s-").append(step.status().label()).append(step.background() ? " bg" : "")
                    .append("\"><span class=\"mark\" title=\"").append(step.status().label()).append("\"></span>")
                    .append("<span class=\"kw\">").append(esc(step.keyword())).append("</span> ").append(esc(step.text()))
                    .append(" <span class=\"dur\">").append(Html.duration(step.durationNanos())).append("</span>");
            if (!step.rows().isEmpty()) {
                b.append("<table class=\"datatable\">");
                step.rows().forEach(r -> {
                    b.append("<tr>");
                    r.forEach(cell -> b.append("<td>").append(esc(cell)).append("</td>"));
                    b.append("</tr>");
                });
                b.append("</table>");
            }
            if (step.docString() != null) {
                b.append("<pre class=\"doc\">").append(esc(step.docString())).append("</pre>");
            }
            if (step.status().isFailure()) {
                b.append("<div class=\"failure\"><pre>").append(esc(step.status() == Status.UNDEFINED && step.message().isBlank()
                        ? "undefined: no step definition matches this step" : step.message())).append("</pre></div>");
            }
            List<Attachment> ev = step.attachments().stream().filter(Attachment::isEvidence).toList();
            if (!ev.isEmpty()) {
                evidenceList(b, ev);
            }
            b.append("</li>");
        }
        b.append("</ol>");
        List<Attachment> hookEvidence = s.hooks().stream().flatMap(h -> h.attachments().stream())
                .filter(Attachment::isEvidence).toList();
        if (!hookEvidence.isEmpty()) {
            b.append("<p class=\"muted\">recorded by hooks:</p>");
            evidenceList(b, hookEvidence);
        }
        b.append("</div>");
    }

    private static void evidenceList(StringBuilder b, List<Attachment> evidence) {
        b.append("<dl class=\"ev\">");
        for (Attachment a : evidence) {
            b.append("<dt>").append(esc(a.label())).append("</dt><dd><pre>").append(esc(a.text())).append("</pre></dd>");
        }
        b.append("</dl>");
    }

    private static String shortUri(String uri) {
        int i = uri.lastIndexOf("features/");
        return i >= 0 ? uri.substring(i) : uri;
    }

    // ------------------------------------------------------------ page frame

    private static void head(StringBuilder b, String title) {
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"generator\" content=\"m300 harness livingdoc\">")
                .append("<title>").append(esc(title)).append("</title>")
                .append("<link rel=\"stylesheet\" href=\"").append(STYLESHEET).append("\"></head><body>\n");
    }

    private void foot(StringBuilder b) {
        b.append("<footer><div class=\"wrap\">Generated from <code>controls.md</code> and the Cucumber reports by ")
                .append("<code>io.m300.harness.features.livingdoc</code>. A control the target cannot check is shown as skipped, never as passed.")
                .append("</div></footer></body></html>\n");
    }
}
