package io.m300.harness.features.livingdoc;

import static io.m300.harness.features.livingdoc.Html.md;

import io.m300.harness.features.livingdoc.Catalogue.Area;
import io.m300.harness.features.livingdoc.Catalogue.Beyond;
import io.m300.harness.features.livingdoc.Catalogue.Control;
import io.m300.harness.features.livingdoc.Catalogue.Mapping;
import io.m300.harness.features.livingdoc.LivingDocGenerator.Input;
import io.m300.harness.features.livingdoc.Pages.AreaCell;
import io.m300.harness.features.livingdoc.Pages.AreaView;
import io.m300.harness.features.livingdoc.Pages.BeyondRow;
import io.m300.harness.features.livingdoc.Pages.Cell;
import io.m300.harness.features.livingdoc.Pages.ControlRef;
import io.m300.harness.features.livingdoc.Pages.ControlRow;
import io.m300.harness.features.livingdoc.Pages.Dot;
import io.m300.harness.features.livingdoc.Pages.MappingRow;
import io.m300.harness.features.livingdoc.Pages.Meta;
import io.m300.harness.features.livingdoc.Pages.RunCard;
import io.m300.harness.features.livingdoc.Pages.Uncatalogued;
import io.m300.harness.features.livingdoc.ScenarioResult.Attachment;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page model of {@code index.html}: each run's card, the areas with their controls' verdicts
 * per run, what lies beyond single controls, the scenarios outside the catalogue and the mappings.
 */
final class IndexPage {

    private static final Pattern HUB_ID = Pattern.compile("\\b[A-Z][A-Za-z0-9]*\\.\\d+\\b");
    private static final String BEYOND = "beyond";

    private final Input in;
    /** For each scenario: the one place (control ID or "beyond") where it is counted. */
    private final Map<ScenarioResult, String> home = new IdentityHashMap<>();

    IndexPage(Input in) {
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

    Pages.Index model() {
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
                cat.mappings().stream().map(IndexPage::mappingRow).toList());
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
                        .map(c -> new ControlRef(c.id(), LivingDocGenerator.pageOf(c.id()), c.statement()))
                        .toList(),
                in.runs().stream().map(run -> areaCell(run, area.controls())).toList(),
                area.controls().stream().map(this::controlRow).toList());
    }

    private AreaCell areaCell(Run run, List<Control> controls) {
        Map<Verdict, Integer> n = new EnumMap<>(Verdict.class);
        RunFindings findings = Verdicts.findingsOf(in, run);
        controls.forEach(c -> n.merge(Verdicts.verdict(findings, run.scenariosOf(c.id())), 1, Integer::sum));
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
                LivingDocGenerator.pageOf(c.id()),
                hubIds(in.catalogue().mappingsOf(c.id())),
                in.runs().stream()
                        .map(run -> cell(run, run.scenariosOf(c.id()), c.id()))
                        .toList(),
                MutantBadges.of(in.mutations(), c.id()));
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
        RunFindings findings = Verdicts.findingsOf(in, run);
        return new Cell(
                beyond ? null : run.runId(),
                Verdicts.verdict(findings, scenarios),
                dots,
                Verdicts.whys(findings, scenarios),
                evidence,
                beyond ? null : in.history().strip(place, run.target()));
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

    static MappingRow mappingRow(Mapping m) {
        return new MappingRow(
                m.controls().stream()
                        .map(id -> new ControlRef(id, LivingDocGenerator.pageOf(id), null))
                        .toList(),
                m.beyondSecurityHub() ? null : md(m.securityHub()),
                md(m.cis()),
                m.note().isBlank() ? null : md(m.note()));
    }
}
