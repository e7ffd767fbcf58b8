package io.m300.harness.features.livingdoc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Each control's verdicts over the last {@value #KEPT} runs per target, and since when a red control
 * has been red. Read from the previously published site's {@code history.json} (the nightly fetches
 * it before it builds the new site) and from the local run folders ({@code <harness>/<run id>/verdicts.json},
 * one per run), merged with the runs shown now; written back as the new site's {@code history.json}
 * and as the current run's {@code verdicts.json}.
 */
public record History(List<Entry> entries) {

    public static final String FILE = "history.json";
    public static final String RUN_FILE = "verdicts.json";
    public static final int KEPT = 30;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One run on one target: when it started and each control's verdict (a {@link Verdict#css()}). */
    public record Entry(String runId, String target, String started, Map<String, String> verdicts) {}

    /** A control's strip on one target, oldest first, and since when it has been red (null when it is not). */
    public record Strip(List<Point> points, String redSince) {
        public boolean isEmpty() {
            return points.isEmpty();
        }
    }

    public record Point(String runId, String started, Verdict verdict) {
        public String title() {
            return (started.isEmpty() ? runId : Html.when(started)) + " (run " + runId + "): " + verdict.label();
        }
    }

    /** The history from {@code published} (may be null or absent), the run folders under {@code harness}, and {@code runs}. */
    public static History of(Path published, Path harness, List<Run> runs, Catalogue catalogue, Instant now) {
        return of(published, harness, runs, List.of(), catalogue, now);
    }

    /** As above, a violation that a waiver accepts recorded as accepted ({@code findings}: the runs' judged findings). */
    public static History of(
            Path published,
            Path harness,
            List<Run> runs,
            List<RunFindings> findings,
            Catalogue catalogue,
            Instant now) {
        Map<String, Entry> byKey = new LinkedHashMap<>();
        if (published != null && Files.isRegularFile(published)) {
            read(published).forEach(e -> byKey.put(e.target() + "\u0000" + e.runId(), e));
        }
        if (harness != null && Files.isDirectory(harness)) {
            try (Stream<Path> dirs = Files.list(harness)) {
                dirs.map(d -> d.resolve(RUN_FILE))
                        .filter(Files::isRegularFile)
                        .sorted()
                        .forEach(f -> read(f).forEach(e -> byKey.put(e.target() + "\u0000" + e.runId(), e)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + harness, e);
            }
        }
        for (Run run : runs) {
            Map<String, String> verdicts = new LinkedHashMap<>();
            RunFindings judged =
                    findings.stream().filter(f -> f.run() == run).findFirst().orElse(null);
            catalogue
                    .controls()
                    .forEach(c -> verdicts.put(
                            c.id(),
                            (judged == null
                                            ? Verdict.of(run.scenariosOf(c.id()))
                                            : Verdicts.verdict(judged, run.scenariosOf(c.id())))
                                    .css()));
            String started = run.started().isEmpty() ? now.toString() : run.started();
            String id = run.runId().isEmpty() ? started : run.runId();
            byKey.put(run.target() + "\u0000" + id, new Entry(id, run.target(), started, verdicts));
        }
        List<Entry> all = new ArrayList<>(byKey.values());
        all.sort(Comparator.comparing(Entry::started));
        // keep the newest KEPT per target
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<Entry> kept = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            Entry e = all.get(i);
            if (seen.merge(e.target(), 1, Integer::sum) <= KEPT) {
                kept.add(0, e);
            }
        }
        return new History(List.copyOf(kept));
    }

    /** The strip of {@code control} on {@code target}. */
    public Strip strip(String control, String target) {
        List<Point> points = entries.stream()
                .filter(e -> e.target().equals(target) && e.verdicts().containsKey(control))
                .map(e -> new Point(e.runId(), e.started(), of(e.verdicts().get(control))))
                .toList();
        String redSince = null;
        for (int i = points.size() - 1; i >= 0 && points.get(i).verdict().isFailure(); i--) {
            redSince = points.get(i).started();
        }
        return new Strip(points, redSince == null ? null : Html.when(redSince));
    }

    /** Writes the site's history and the newest run folder's {@code verdicts.json} (this run's entries). */
    public void write(Path siteFile, Path harness) {
        try {
            Files.createDirectories(siteFile.toAbsolutePath().getParent());
            JSON.writeValue(siteFile.toFile(), toJson(entries));
            Optional<Path> runFolder = Run.newestRunJson(harness).map(Path::getParent);
            if (runFolder.isPresent()) {
                String runId = runFolder.get().getFileName().toString();
                List<Entry> mine =
                        entries.stream().filter(e -> e.runId().equals(runId)).toList();
                if (!mine.isEmpty()) {
                    JSON.writeValue(runFolder.get().resolve(RUN_FILE).toFile(), toJson(mine));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + siteFile, e);
        }
    }

    private static ObjectNode toJson(List<Entry> entries) {
        ObjectNode root = JSON.createObjectNode().put("version", 1);
        ArrayNode runs = root.putArray("runs");
        for (Entry e : entries) {
            ObjectNode r = runs.addObject()
                    .put("runId", e.runId())
                    .put("target", e.target())
                    .put("started", e.started());
            ObjectNode v = r.putObject("verdicts");
            e.verdicts().forEach(v::put);
        }
        return root;
    }

    static List<Entry> read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            System.out.println("[livingdoc] " + file + " is not a history ("
                    + e.getMessage().lines().findFirst().orElse("") + "): ignored");
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        for (JsonNode r : root.path("runs")) {
            Map<String, String> verdicts = new LinkedHashMap<>();
            r.path("verdicts")
                    .properties()
                    .forEach(p -> verdicts.put(p.getKey(), p.getValue().asText()));
            out.add(new Entry(
                    r.path("runId").asText(""),
                    r.path("target").asText(""),
                    r.path("started").asText(""),
                    verdicts));
        }
        return out;
    }

    private static Verdict of(String css) {
        for (Verdict v : Verdict.values()) {
            if (v.css().equals(css)) {
                return v;
            }
        }
        return Verdict.NOT_COVERED;
    }
}
