package io.m300.harness.features.livingdoc;

import static io.m300.harness.features.livingdoc.Html.md;

import io.m300.harness.features.livingdoc.Catalogue.Control;
import io.m300.harness.features.livingdoc.LivingDocGenerator.Input;
import io.m300.harness.features.livingdoc.Pages.Card;
import io.m300.harness.features.livingdoc.Pages.ControlPage;
import io.m300.harness.features.livingdoc.Pages.HistoryRow;
import io.m300.harness.features.livingdoc.Pages.HookFailure;
import io.m300.harness.features.livingdoc.Pages.RunVerdict;
import io.m300.harness.features.livingdoc.Pages.ScenarioGroup;
import io.m300.harness.features.livingdoc.Pages.StepRow;
import io.m300.harness.features.livingdoc.ScenarioResult.Attachment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The page model of each control's page: its verdict per run, its scenarios side by side, history and mutants. */
final class ControlPages {

    private final Input in;

    ControlPages(Input in) {
        this.in = in;
    }

    ControlPage of(Control c) {
        List<RunVerdict> verdicts = in.runs().stream()
                .map(run -> new RunVerdict(
                        run.label(), Verdicts.verdict(Verdicts.findingsOf(in, run), run.scenariosOf(c.id()))))
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
                        .forEach(e -> cards.add(card(run, e.getValue(), Verdicts.findingsOf(in, run))));
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
                MutantBadges.of(in.mutations(), c.id()),
                !in.mutations().isEmpty(),
                in.catalogue().mappingsOf(c.id()).stream()
                        .map(IndexPage::mappingRow)
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
                Verdicts.verdict(findings, List.of(s)),
                s.status().label(),
                Html.when(s.started()),
                Html.duration(s.durationNanos()),
                run.description(),
                s.skipReason().orElse(null),
                hookFailures,
                steps,
                hookEvidence,
                Verdicts.culprits(findings, s),
                Verdicts.waiverOf(findings, s));
    }

    private static String shortUri(String uri) {
        int i = uri.lastIndexOf("features/");
        return i >= 0 ? uri.substring(i) : uri;
    }
}
