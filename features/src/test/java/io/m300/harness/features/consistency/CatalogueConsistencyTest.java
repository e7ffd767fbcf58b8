package io.m300.harness.features.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.features.livingdoc.Catalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The catalogue, the scenarios and the mutants say the same thing: every control has a scenario and a
 * mutant, every tag and mapping row names a real control, and the project's catalogue copy is the spec.
 * Each rule is a pure function over text ({@link #problems}), so that it can be shown to fail on a
 * hand-made input.
 */
class CatalogueConsistencyTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path COPY = MODULE.resolve("src/main/resources/catalogue/controls.md");
    private static final Path FEATURES = MODULE.resolve("src/test/resources/features");
    private static final Path MUTANTS = MODULE.resolveSibling("infra").resolve("mutants");
    private static final Pattern TAG = Pattern.compile("@([A-Z]+-\\d{2})\\b");
    private static final Pattern MUTANT = Pattern.compile("([A-Z]+-\\d{2})(\\..+)?");

    @Test
    void theProjectsCatalogueIsTheSpec() throws IOException {
        Optional<Path> spec = spec();
        Assumptions.assumeTrue(
                spec.isPresent(),
                "the spec (shared/controls.md beside the checkout, or -Dcatalogue.spec) "
                        + "is not on this machine: the copy cannot be compared");
        assertThat(Files.readString(COPY))
                .as(
                        "features/src/main/resources/catalogue/controls.md must equal %s: copy the spec over it",
                        spec.get())
                .isEqualTo(Files.readString(spec.get()));
    }

    @Test
    void catalogueScenariosAndMutantsAgree() throws IOException {
        Catalogue catalogue = Catalogue.parse(Files.readString(COPY));
        assertThat(problems(catalogue, scenarioTags(), mutantFolders())).isEmpty();
    }

    @Test
    void eachRuleFailsWhenItIsBroken() {
        Catalogue catalogue = Catalogue.parse("""
                # c
                ## 1. Area
                | ID | Statement | Evidence on every target | Behaviour where the target allows | Mutant |
                |---|---|---|---|---|
                | AB-01 | s | e | — | m |
                | AB-02 | s | e | — | m |
                ## How the controls map to AWS Security Hub and CIS
                | control | Security Hub control(s) | CIS v3.0 | note |
                |---|---|---|---|
                | AB-01, ZZ-09 | X.1 | — | |
                """);
        assertThat(problems(catalogue, Set.of("AB-01", "QQ-01"), Set.of("AB-01", "AB-01.other", "XY-03")))
                .containsExactlyInAnyOrder(
                        "control AB-02 has no scenario tagged @AB-02",
                        "control AB-02 has no mutant in infra/mutants/",
                        "scenario tag @QQ-01 names no control of the catalogue",
                        "mutant XY-03 names no control of the catalogue",
                        "mapping row 'AB-01, ZZ-09' names ZZ-09, which is no control of the catalogue");
    }

    static List<String> problems(Catalogue catalogue, Set<String> tags, Set<String> mutants) {
        Set<String> ids = new TreeSet<>();
        catalogue.controls().forEach(c -> ids.add(c.id()));
        Set<String> mutantControls = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (String m : mutants) {
            Matcher x = MUTANT.matcher(m);
            String id = x.matches() ? x.group(1) : m;
            mutantControls.add(id);
            if (!ids.contains(id)) {
                problems.add("mutant " + m + " names no control of the catalogue");
            }
        }
        for (String id : ids) {
            if (!tags.contains(id)) {
                problems.add("control " + id + " has no scenario tagged @" + id);
            }
            if (!mutantControls.contains(id)) {
                problems.add("control " + id + " has no mutant in infra/mutants/");
            }
        }
        new TreeSet<>(tags)
                .stream()
                        .filter(t -> !ids.contains(t))
                        .forEach(t -> problems.add("scenario tag @" + t + " names no control of the catalogue"));
        for (Catalogue.Mapping row : catalogue.mappings()) {
            row.controls().stream()
                    .filter(c -> !ids.contains(c))
                    .forEach(c -> problems.add("mapping row '" + String.join(", ", row.controls()) + "' names " + c
                            + ", which is no control of the catalogue"));
        }
        return problems;
    }

    private static Set<String> scenarioTags() throws IOException {
        Set<String> tags = new TreeSet<>();
        try (Stream<Path> files = Files.walk(FEATURES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".feature")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (line.trim().startsWith("@")) {
                        Matcher m = TAG.matcher(line);
                        while (m.find()) {
                            tags.add(m.group(1));
                        }
                    }
                }
            }
        }
        return tags;
    }

    private static Set<String> mutantFolders() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(MUTANTS)) {
            dirs.filter(Files::isDirectory)
                    .forEach(d -> names.add(d.getFileName().toString()));
        }
        return names;
    }

    private static Optional<Path> spec() {
        String given = System.getProperty("catalogue.spec", System.getenv().getOrDefault("M300_CATALOGUE_SPEC", ""));
        if (!given.isBlank()) {
            return Optional.of(Path.of(given));
        }
        // The spec lives beside the checkout (<checkout>/../shared/controls.md) on the team's machines.
        Path beside = MODULE.getParent().getParent().resolve("shared").resolve("controls.md");
        return Files.isRegularFile(beside) ? Optional.of(beside) : Optional.empty();
    }
}
