package io.m300.harness.support.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.m300.harness.support.HarnessException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A run's {@code run.json}: who ran where. One type for the harness that writes it and the living
 * documentation that reads it (Jackson data binding); a field a reader does not know is ignored, a
 * field a writer left out reads as empty.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunFile(
        String runId, String target, String description, String region, String started, String capabilities) {

    public static final String NAME = "run.json";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public RunFile {
        runId = Objects.requireNonNullElse(runId, "");
        target = Objects.requireNonNullElse(target, "");
        description = Objects.requireNonNullElse(description, "");
        region = Objects.requireNonNullElse(region, "");
        started = Objects.requireNonNullElse(started, "");
        capabilities = Objects.requireNonNullElse(capabilities, "");
    }

    /** Writes {@code run.json} into {@code folder}. */
    public void writeTo(Path folder) {
        Path file = folder.resolve(NAME);
        try {
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new HarnessException("could not write " + file + ": " + e.getMessage());
        }
    }

    /** Reads a {@code run.json}. */
    public static RunFile read(Path file) {
        try {
            return JSON.readValue(file.toFile(), RunFile.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
