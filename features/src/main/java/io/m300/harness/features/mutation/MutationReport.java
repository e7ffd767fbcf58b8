package io.m300.harness.features.mutation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The schema of a mutation report ({@code shard-report.json} of a shard, {@code mutation-report.json}
 * of the run): one type for the run that writes it ({@link MutationReportFile}) and the living
 * documentation that reads it (Jackson data binding). Per mutant (its folder's name; several per
 * control): whether applying it made its control's scenario fail on an assertion (killed), did not
 * (survived), threw instead (errored: could not be verified), or could not be checked. A field a
 * reader does not know is ignored; one a writer left out reads as empty.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MutationReport(String target, double seconds, List<Mutant> mutants) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public MutationReport {
        target = Objects.requireNonNullElse(target, "unknown");
        mutants = List.copyOf(Objects.requireNonNullElse(mutants, List.of()));
    }

    /**
     * One mutant's row: {@code mutant} is its README's first line, {@code shard} the shard that
     * judged it, {@code restore} what it took to bring the baseline back when a revert went wrong,
     * {@code appliedOver} the mutant it was applied straight over (absent: over the baseline).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Mutant(
            String name,
            String control,
            String verdict,
            boolean precise,
            List<String> tripped,
            double seconds,
            String reason,
            String mutant,
            String shard,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) String restore,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) String appliedOver) {

        public Mutant {
            control = Objects.requireNonNullElse(control, "");
            name = Objects.requireNonNullElse(name, control);
            verdict = Objects.requireNonNullElse(verdict, "");
            tripped = List.copyOf(Objects.requireNonNullElse(tripped, List.of()));
            reason = Objects.requireNonNullElse(reason, "");
            mutant = Objects.requireNonNullElse(mutant, "");
            shard = Objects.requireNonNullElse(shard, "");
            restore = Objects.requireNonNullElse(restore, "");
            appliedOver = Objects.requireNonNullElse(appliedOver, "");
        }

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
                .sorted(Comparator.comparing(Mutant::name))
                .toList();
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), this);
    }

    public static MutationReport read(Path file) {
        try {
            return JSON.readValue(file.toFile(), MutationReport.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read mutation report " + file + ": " + e.getMessage(), e);
        }
    }

    public static MutationReport parse(String json) {
        try {
            return JSON.readValue(json, MutationReport.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a mutation report: " + e.getMessage(), e);
        }
    }
}
