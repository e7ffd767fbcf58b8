package io.m300.harness.features.livingdoc;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.m300.harness.features.livingdoc.Catalogue.Control;
import io.m300.harness.features.mutation.MutationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The living documentation: the security concept from the catalogue, each control with its live
 * verdict per target, its scenarios, their evidence and its mutant's verdict. Static HTML and one
 * stylesheet; no script, no server.
 *
 * <p>This class renders and writes the pages; what they show ({@link Pages}) is computed by
 * {@link IndexPage} and {@link ControlPages}, verdicts and their reasons by {@link Verdicts}. The HTML is in the jte templates
 * under {@code features/src/main/jte}, compiled to Java at build time. Counts are put on the page as
 * data attributes ({@code data-passed} on each run, one {@code data-scenario-status} mark per
 * scenario) so that a browser check can compare what rendered with Cucumber's own summary.
 */
public final class LivingDocGenerator {

    public static final String INDEX = "index.html";
    public static final String STYLESHEET = "living-docs.css";
    /** The templates, precompiled by jte-maven-plugin into this package (see features/pom.xml). */
    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(
            null,
            ContentType.Html,
            LivingDocGenerator.class.getClassLoader(),
            "io.m300.harness.features.livingdoc.templates");

    /** What to render from. Runs appear side by side in this order (the current run first). */
    public record Input(
            Catalogue catalogue,
            List<Run> runs,
            List<MutationReport> mutations,
            List<Link> reports,
            List<String> protectedValues,
            Instant generated,
            List<RunFindings> findings,
            History history) {

        /** Without waivers (every violation stands) and with the runs' own history only. */
        public Input(
                Catalogue catalogue,
                List<Run> runs,
                List<MutationReport> mutations,
                List<Link> reports,
                List<String> protectedValues,
                Instant generated) {
            this(
                    catalogue,
                    runs,
                    mutations,
                    reports,
                    protectedValues,
                    generated,
                    runs.stream()
                            .map(r -> RunFindings.of(r, List.of(), LocalDate.now()))
                            .toList(),
                    History.of(null, null, runs, catalogue, generated));
        }
    }

    /** A link to another report (the Cucumber report), relative to the output folder. */
    public record Link(String title, String href, String description) {}

    private final Input in;

    private LivingDocGenerator(Input in) {
        this.in = in;
    }

    /** Writes index.html, one page per control and the stylesheet into {@code out}; returns index.html. */
    public static Path generate(Input in, Path out) {
        try {
            Files.createDirectories(out);
            LivingDocGenerator g = new LivingDocGenerator(in);
            g.write(out.resolve(INDEX), "index.jte", new IndexPage(in).model());
            ControlPages pages = new ControlPages(in);
            for (Control c : in.catalogue().controls()) {
                g.write(out.resolve(pageOf(c.id())), "control.jte", pages.of(c));
            }
            try (InputStream css = LivingDocGenerator.class.getResourceAsStream("/livingdoc/" + STYLESHEET)) {
                if (css == null) {
                    throw new IllegalStateException(
                            "stylesheet /livingdoc/" + STYLESHEET + " missing from the classpath");
                }
                Files.write(out.resolve(STYLESHEET), css.readAllBytes());
            }
            return out.resolve(INDEX);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the living documentation to " + out, e);
        }
    }

    static String pageOf(String controlId) {
        return "control-" + Html.slug(controlId) + ".html";
    }

    private void write(Path file, String template, Object page) throws IOException {
        StringOutput html = new StringOutput();
        TEMPLATES.render(template, page, html);
        Files.writeString(file, redact(html.toString()), StandardCharsets.UTF_8);
    }

    /** Defence in depth: a protected value (the run's password) never reaches a page, raw or escaped. */
    private String redact(String html) {
        String result = html;
        for (String secret : in.protectedValues()) {
            if (secret != null && secret.length() >= 4) {
                result = result.replace(secret, "[redacted]")
                        .replace(Html.escapeContent(secret), "[redacted]")
                        .replace(Html.escapeAttribute(secret), "[redacted]");
            }
        }
        return result;
    }
}
