package io.m300.harness.features.livingdoc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A mutation run's verdicts ({@code mutation-report.json}): for each mutant (its folder's name;
 * several per control), whether applying it made its control's scenario fail on an assertion
 * (killed), did not (survived), threw instead (errored: could not be verified), or could not be checked.
 */
public record MutationReport(String target, List<Mutant> mutants) {

    public record Mutant(
            String name,
            String control,
            String verdict,
            boolean precise,
            List<String> tripped,
            double seconds,
            String reason) {
        /** A mutant whose control's check threw instead of asserting: it could not be verified. */
        public boolean errored() {
            return "errored".equalsIgnoreCase(verdict);
        }

        public boolean killed() {
            return "killed".equalsIgnoreCase(verdict);
        }

        public boolean survived() {
            return "survived".equalsIgnoreCase(verdict);
        }
    }

    public Optional<Mutant> of(String controlId) {
        return mutants.stream().filter(m -> m.control().equals(controlId)).findFirst();
    }

    /** Every mutant of a control (several may break it in different ways), by name. */
    public List<Mutant> all(String controlId) {
        return mutants.stream()
                .filter(m -> m.control().equals(controlId))
                .sorted(java.util.Comparator.comparing(Mutant::name))
                .toList();
    }

    public static MutationReport read(Path file) {
        try {
            return parse(new ObjectMapper().readTree(file.toFile()));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read mutation report " + file + ": " + e.getMessage(), e);
        }
    }

    public static MutationReport parse(String json) {
        try {
            return parse(new ObjectMapper().readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a mutation report: " + e.getMessage(), e);
        }
    }

    static MutationReport parse(JsonNode root) {
        List<Mutant> mutants = new ArrayList<>();
        for (JsonNode m : root.path("mutants")) {
            List<String> tripped = new ArrayList<>();
            m.path("tripped").forEach(t -> tripped.add(t.asText()));
            String control = m.path("control").asText("");
            mutants.add(new Mutant(
                    m.path("name").asText(control),
                    control,
                    m.path("verdict").asText("not-checkable"),
                    m.path("precise").asBoolean(false),
                    List.copyOf(tripped),
                    m.path("seconds").asDouble(0),
                    m.path("reason").asText("")));
        }
        return new MutationReport(root.path("target").asText("unknown target"), List.copyOf(mutants));
    }
}
