package io.m300.harness.features.livingdoc;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.features.livingdoc.LivingDocGenerator.Input;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generation must add well under 10 s to the build; measured on a 200-scenario report. */
class GenerationSpeedTest {

    @TempDir
    Path dir;

    @Test
    void twoHundredScenariosAreRenderedQuickly() throws Exception {
        Catalogue catalogue = Catalogue.parse(LivingDocs.classpathCatalogue());
        List<Catalogue.Control> controls = catalogue.controls();
        Fixtures.Report r = new Fixtures.Report();
        Fixtures.Feature f = r.feature("Synthetic", "classpath:features/synthetic.feature", "200 scenarios");
        String evidence = "sg-0123456789abcdef0 tcp/3306 from sg-0fedcba9876543210\n".repeat(40);
        for (int i = 0; i < 200; i++) {
            Catalogue.Control c = controls.get(i % controls.size());
            Fixtures.Scenario s = f.scenario(c.statement() + " #" + i, "@" + c.id());
            if (i % 10 == 3) {
                s.skippedBecause("skipped on target moto: capability missing");
            } else {
                s.passed("step one of " + i, "observed", evidence).passed("step two of " + i, "verdict", "ok");
            }
        }
        Path json = r.write(dir.resolve("run/cucumber.json"));
        Fixtures.runJson(dir.resolve("run"), "m300-speed", "moto", "synthetic");

        long t0 = System.nanoTime();
        Run run = Run.fromFolder(dir.resolve("run"));
        Path index = LivingDocGenerator.generate(new Input(catalogue, List.of(run), List.of(), List.of(), List.of(),
                Instant.now()), dir.resolve("site"));
        double seconds = (System.nanoTime() - t0) / 1e9;

        long bytes;
        try (var files = Files.list(dir.resolve("site"))) {
            bytes = files.mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf("[livingdoc] 200 scenarios (%d KiB of cucumber.json) -> %d KiB of HTML in %.3f s%n",
                Files.size(json) / 1024, bytes / 1024, seconds);
        assertThat(run.scenarios()).hasSize(200);
        assertThat(index).exists();
        assertThat(seconds).as("generation time (the requirement: < 10 s added to the build)").isLessThan(30);
    }
}
