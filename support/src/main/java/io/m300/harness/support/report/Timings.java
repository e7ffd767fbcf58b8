package io.m300.harness.support.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.m300.harness.support.HarnessException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's {@code timings.json}: how many seconds each phase took, in the order they ended. One type
 * for the harness that writes it and the living documentation and benchmark that read it.
 */
public record Timings(@JsonValue Map<String, Double> seconds) {

    public static final String NAME = "timings.json";

    @JsonCreator
    public Timings {
        seconds = Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
    }

    /** The phases {@link Progress} recorded. */
    public static Timings of(List<Progress.Timing> timings) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        timings.forEach(t -> seconds.put(t.phase(), t.duration().toMillis() / 1000.0));
        return new Timings(seconds);
    }

    /** Writes {@code timings.json} into {@code folder}. */
    public void writeTo(Path folder) {
        Path file = folder.resolve(NAME);
        try {
            RunFile.JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new HarnessException("could not write " + file + ": " + e.getMessage());
        }
    }

    /** Reads a {@code timings.json}. */
    public static Timings read(Path file) {
        try {
            return RunFile.JSON.readValue(file.toFile(), Timings.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
