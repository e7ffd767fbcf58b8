package io.m300.harness.features.livingdoc;

import gg.jte.Content;
import io.m300.harness.features.livingdoc.LivingDocGenerator.Link;
import io.m300.harness.features.livingdoc.ScenarioResult.Attachment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the pages show, computed by {@link LivingDocGenerator} and rendered by the jte templates in
 * {@code features/src/main/jte} ({@code index.jte}, {@code control.jte} and the parts in {@code tag/}).
 * Plain text everywhere (the templates escape it); {@link Content} only for the catalogue's inline
 * markdown, escaped by {@link Html#md}. A {@code null} is "none": the templates say what that means.
 */
public final class Pages {

    private Pages() {}

    /** index.html: the runs, the summary per area, the control matrix, beyond, the standards. */
    public record Index(
            String generated,
            List<RunCard> runs,
            List<Link> reports,
            List<AreaView> areas,
            int controlCount,
            boolean mutationRun,
            List<BeyondRow> beyond,
            List<Uncatalogued> uncatalogued,
            List<MappingRow> mappings) {}

    /** One run's card; {@code failed} counts failed, ambiguous, undefined and pending scenarios. */
    public record RunCard(
            String runId,
            String target,
            String label,
            String description,
            int scenarios,
            int passed,
            int failed,
            int skipped,
            String summary,
            String controlTally,
            List<Meta> meta) {}

    public record Meta(String key, String value) {}

    /** An area of the catalogue: its summary row and its block of the control matrix. */
    public record AreaView(
            String anchor,
            String number,
            String title,
            String narrative,
            List<ControlRef> controls,
            List<AreaCell> cells,
            List<ControlRow> rows) {}

    /** An area on one target: its overall verdict and how many controls have each verdict (in {@link Verdict} order). */
    public record AreaCell(Verdict overall, Map<Verdict, Integer> counts) {
        /** {@code 3 passed, 1 violated}: the bar's text for screen readers. */
        public String words() {
            List<String> words = new ArrayList<>();
            counts.forEach((v, n) -> words.add(n + " " + v.label()));
            return String.join(", ", words);
        }
    }

    /** A link to a control's page; {@code statement} (its tooltip) may be null. */
    public record ControlRef(String id, String href, String statement) {}

    public record ControlRow(
            String id, String statement, String href, String hub, List<Cell> cells, List<MutantBadge> mutants) {}

    /**
     * A verdict on one target: badge, one dot per scenario, why it failed or was skipped, and (beyond
     * single controls) the evidence. {@code runId} is null in the beyond table.
     */
    public record Cell(
            String runId,
            Verdict verdict,
            List<Dot> dots,
            List<Why> whys,
            List<List<Attachment>> evidence,
            History.Strip history) {}

    /**
     * A resource a finding names: its address and block ({@code location}, linked by {@code href} when the
     * run knows its GitHub repository and commit), or ({@code outside}) an ID no Terraform of the stack declares.
     */
    public record Culprit(String text, String address, String location, String href, boolean outside) {}

    /** A scenario's dot; {@code countedRun} is set only where the scenario is counted (once per run). */
    public record Dot(String status, String title, String countedRun) {
        public String countedStatus() {
            return countedRun == null ? null : status;
        }
    }

    /** Under a badge: the violated step, the reason it could not be verified, or the skip reason. */
    public record Why(Kind kind, String text, String step, List<Culprit> culprits, String waiver) {
        public enum Kind {
            VIOLATED,
            ERRORED,
            SKIPPED
        }

        public Why(Kind kind, String text, String step) {
            this(kind, text, step, List.of(), null);
        }
    }

    /** A mutant's badge; {@code variant} is null for the control's main mutant, {@code target} when only one report. */
    public record MutantBadge(
            String css, String name, String verdict, String title, String variant, String label, String target) {}

    /** A catalogued item beyond single controls and its scenarios per target. */
    public record BeyondRow(String tag, String name, Content description, List<Cell> cells) {}

    /** Scenarios the catalogue does not list (counted too, so that the totals match Cucumber's). */
    public record Uncatalogued(String name, List<String> unknownIds, List<String> tags, List<Cell> cells) {}

    /** A row of the mapping table; {@code securityHub} null = beyond Security Hub, {@code note} null = none. */
    public record MappingRow(List<ControlRef> controls, Content securityHub, Content cis, Content note) {}

    /** control-*.html: one control with its promise, standards and scenarios on every target. */
    public record ControlPage(
            String id,
            String statement,
            String area,
            List<RunVerdict> verdicts,
            Content evidence,
            Content behaviour,
            Content mutant,
            List<MutantBadge> mutants,
            boolean mutationRun,
            List<MappingRow> mappings,
            List<ScenarioGroup> scenarios,
            int runCount,
            List<HistoryRow> history) {}

    /** A control's history on one target: its verdicts of the last runs, oldest first, and since when it is red. */
    public record HistoryRow(String target, History.Strip strip) {}

    public record RunVerdict(String label, Verdict verdict) {}

    /** Scenarios of one name (and the same {@code @requires-} tags) side by side, one card per target. */
    public record ScenarioGroup(String name, List<String> tags, String uri, int line, List<Card> cards) {}

    /** A scenario on one target; {@code status} is null when it did not run there. */
    public record Card(
            String runLabel,
            String runId,
            Verdict verdict,
            String status,
            String when,
            String duration,
            String runDescription,
            String skipReason,
            List<HookFailure> hookFailures,
            List<StepRow> steps,
            List<Attachment> hookEvidence,
            List<Culprit> culprits,
            String waiver) {
        static Card notRun(String runLabel) {
            return new Card(
                    runLabel,
                    null,
                    Verdict.NOT_COVERED,
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    null);
        }
    }

    public record HookFailure(String keyword, String text, String message) {}

    /** A step; {@code failure} (its message) and {@code docString} are null when there is none. */
    public record StepRow(
            String status,
            boolean background,
            String keyword,
            String text,
            String duration,
            List<List<String>> rows,
            String docString,
            String failure,
            List<Attachment> evidence) {}
}
