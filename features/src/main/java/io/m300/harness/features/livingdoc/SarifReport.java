package io.m300.harness.features.livingdoc;

import com.contrastsecurity.sarif.ArtifactLocation;
import com.contrastsecurity.sarif.Location;
import com.contrastsecurity.sarif.LogicalLocation;
import com.contrastsecurity.sarif.Message;
import com.contrastsecurity.sarif.MultiformatMessageString;
import com.contrastsecurity.sarif.PartialFingerprints;
import com.contrastsecurity.sarif.PhysicalLocation;
import com.contrastsecurity.sarif.PropertyBag;
import com.contrastsecurity.sarif.Region;
import com.contrastsecurity.sarif.ReportingConfiguration;
import com.contrastsecurity.sarif.ReportingDescriptor;
import com.contrastsecurity.sarif.Result;
import com.contrastsecurity.sarif.Run;
import com.contrastsecurity.sarif.SarifSchema210;
import com.contrastsecurity.sarif.Suppression;
import com.contrastsecurity.sarif.Tool;
import com.contrastsecurity.sarif.ToolComponent;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.m300.harness.features.livingdoc.Catalogue.Control;
import io.m300.harness.features.livingdoc.Catalogue.Mapping;
import io.m300.harness.support.report.AccountRedaction;
import io.m300.harness.support.report.findings.FindingResolver.Named;
import io.m300.harness.support.report.findings.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The run's findings as SARIF 2.1.0 (the java-sarif model), for GitHub code scanning: one rule per
 * control of the catalogue (statement, the catalogue's evidence as help, Security Hub and CIS as
 * properties, a {@code security-severity}), one result per finding, located at the block of each
 * resource it names (file, line, and the Terraform address as a logical location). A finding that
 * names no declared resource is located at its scenario in the feature file. A waived finding carries
 * an accepted, external suppression whose justification is the waiver.
 */
public final class SarifReport {

    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private SarifReport() {}

    /** Writes {@code findings} (one run) to {@code file}. */
    public static void write(Catalogue catalogue, RunFindings findings, String version, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), build(catalogue, findings, version));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static SarifSchema210 build(Catalogue catalogue, RunFindings findings, String version) {
        Properties severity = severities();
        List<String> ids = new ArrayList<>();
        Set<ReportingDescriptor> rules = new LinkedHashSet<>();
        for (Control c : catalogue.controls()) {
            ids.add(c.id());
            rules.add(rule(catalogue, c, severity.getProperty(c.id(), "5.0")));
        }
        List<Result> results = new ArrayList<>();
        for (Finding f : findings.findings()) {
            int index = ids.indexOf(f.control());
            if (index < 0) {
                continue; // a scenario outside the catalogue: no rule to report it under
            }
            results.add(result(f, index));
        }
        var run = new Run()
                .withTool(new Tool()
                        .withDriver(new ToolComponent()
                                .withName("m300-harness")
                                .withVersion(version)
                                .withInformationUri(URI.create("https://github.com/"))
                                .withRules(rules)))
                .withResults(results)
                .withProperties(new PropertyBag()
                        .withAdditionalProperty("target", findings.run().target())
                        .withAdditionalProperty("runId", findings.run().runId()));
        return new SarifSchema210()
                .with$schema(URI.create(SCHEMA))
                .withVersion(SarifSchema210.Version._2_1_0)
                .withRuns(List.of(run));
    }

    private static ReportingDescriptor rule(Catalogue catalogue, Control c, String severity) {
        PropertyBag props = new PropertyBag()
                .withTags(new LinkedHashSet<>(List.of("security", "m300", c.area())))
                .withAdditionalProperty("security-severity", severity);
        List<Mapping> mappings = catalogue.mappingsOf(c.id());
        if (!mappings.isEmpty()) {
            props.withAdditionalProperty(
                            "securityHub",
                            mappings.stream().map(Mapping::securityHub).toList())
                    .withAdditionalProperty(
                            "cis", mappings.stream().map(Mapping::cis).toList());
        }
        String evidence = Catalogue.isNone(c.evidence()) ? c.statement() : c.evidence();
        return new ReportingDescriptor()
                .withId(c.id())
                .withName(c.id().replace("-", ""))
                .withShortDescription(new MultiformatMessageString().withText(c.statement()))
                .withFullDescription(new MultiformatMessageString().withText(c.statement()))
                .withHelp(new MultiformatMessageString()
                        .withText("Evidence on every target: " + plain(evidence))
                        .withMarkdown("**Evidence on every target:** " + evidence))
                .withDefaultConfiguration(new ReportingConfiguration().withLevel(ReportingConfiguration.Level.ERROR))
                .withProperties(props);
    }

    private static Result result(Finding f, int ruleIndex) {
        List<Location> locations = new ArrayList<>();
        for (Named n : f.resources()) {
            if (n.outsideTheStack() || n.entry().effective() == null) {
                continue;
            }
            SourceLocation where = n.entry().effective();
            locations.add(new Location()
                    .withPhysicalLocation(new PhysicalLocation()
                            .withArtifactLocation(new ArtifactLocation().withUri(where.path()))
                            .withRegion(new Region().withStartLine(where.line())))
                    .withLogicalLocations(new LinkedHashSet<>(List.of(new LogicalLocation()
                            .withFullyQualifiedName(n.entry().address())
                            .withKind("resource")))));
        }
        if (locations.isEmpty()) {
            ScenarioResult s = f.scenario();
            locations.add(new Location()
                    .withPhysicalLocation(new PhysicalLocation()
                            .withArtifactLocation(new ArtifactLocation().withUri(featurePath(s.uri())))
                            .withRegion(new Region().withStartLine(Math.max(1, s.line())))));
        }
        StringBuilder text = new StringBuilder(f.control())
                .append(" violated: ")
                .append(f.scenario().name())
                .append(". ")
                .append(f.message().isBlank() ? "" : f.message().strip())
                .append("\nAt fault: ")
                .append(String.join("; ", f.describe()));
        f.waiver().text().ifPresent(t -> text.append("\n").append(t));
        Result r = new Result()
                .withRuleId(f.control())
                .withRuleIndex(ruleIndex)
                .withLevel(Result.Level.ERROR)
                .withMessage(new Message().withText(AccountRedaction.redact(text.toString(), "")))
                .withLocations(locations)
                .withPartialFingerprints(new PartialFingerprints()
                        .withAdditionalProperty(
                                "m300/finding/v1",
                                f.control() + "|"
                                        + String.join(
                                                ",",
                                                f.addresses().isEmpty()
                                                        ? List.of(f.scenario().name())
                                                        : f.addresses())));
        if (f.accepted()) {
            r.withSuppressions(new LinkedHashSet<>(List.of(new Suppression()
                    .withKind(Suppression.Kind.EXTERNAL)
                    .withStatus(Suppression.Status.ACCEPTED)
                    .withJustification(AccountRedaction.redact(f.waiver().text().orElse(""), "")))));
        }
        return r;
    }

    /** {@code classpath:features/network.feature} or {@code file:///.../features/network.feature} → the file in the repository. */
    static String featurePath(String uri) {
        int i = uri.lastIndexOf("features/");
        return "features/src/test/resources/" + (i >= 0 ? uri.substring(i) : uri);
    }

    private static String plain(String markdown) {
        return markdown.replace("`", "").replace("**", "");
    }

    static Properties severities() {
        Properties p = new Properties();
        try (InputStream in = SarifReport.class.getResourceAsStream("/catalogue/security-severity.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
