package io.m300.harness.support.mutation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.m300.harness.support.HarnessException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cost file ({@code mutation-costs.json}): what each mutant took in the last mutation run (its
 * apply and suite, and a return to the baseline where one was needed) and the other controls it
 * made fail. One type for the run that writes it and the plan that reads it (Jackson data binding);
 * a file that is missing reads as nothing measured.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"about", "mutants"})
public record MutationCosts(String about, Map<String, Cost> mutants) {

    static final String ABOUT = "Seconds each mutant took in the last mutation run, and the other controls it made fail"
            + " ('trips'). The plan spreads mutants over shards by these; an unmeasured one counts "
            + (int) MutationPlan.CHEAP + " s, or " + (int) MutationPlan.SLOW + " s when it touches the database.";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static final MutationCosts NONE = new MutationCosts(ABOUT, Map.of());

    /** One mutant's entry: its seconds, and the other controls it tripped (none: left out). */
    public record Cost(
            double seconds,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedSet<String> trips) {
        public Cost {
            trips = new TreeSet<>(Objects.requireNonNullElse(trips, Set.of()));
        }
    }

    public MutationCosts {
        about = ABOUT;
        mutants = new TreeMap<>(Objects.requireNonNullElse(mutants, Map.of()));
    }

    /** The cost file at {@code file}; missing: nothing measured. */
    public static MutationCosts read(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return NONE;
        }
        try {
            return JSON.readValue(file.toFile(), MutationCosts.class);
        } catch (IOException e) {
            throw new HarnessException("cannot read the mutation cost file " + file + ": " + e.getMessage()
                    + " (fix the JSON or delete the file: the next run measures afresh)");
        }
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new HarnessException("cannot write the mutation cost file " + file + ": " + e.getMessage());
        }
    }

    /**
     * These costs with every measured mutant's seconds (rounded) and the other controls it tripped
     * put in; the entries of mutants not measured now are kept.
     */
    public MutationCosts updated(Map<String, Double> seconds, Map<String, Set<String>> tripped) {
        Map<String, Cost> next = new TreeMap<>(mutants);
        seconds.forEach((name, s) ->
                next.put(name, new Cost(Math.round(s), new TreeSet<>(tripped.getOrDefault(name, Set.of())))));
        return new MutationCosts(about, next);
    }

    /** The measured seconds of each mutant. */
    public Map<String, Double> seconds() {
        Map<String, Double> m = new TreeMap<>();
        mutants.forEach((name, c) -> m.put(name, c.seconds()));
        return m;
    }

    /** The other controls each mutant tripped (only those that tripped any). */
    public Map<String, Set<String>> trips() {
        Map<String, Set<String>> m = new TreeMap<>();
        mutants.forEach((name, c) -> {
            if (!c.trips().isEmpty()) {
                m.put(name, c.trips());
            }
        });
        return m;
    }
}
