package io.m300.harness.features.livingdoc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.m300.harness.features.livingdoc.LivingDocGenerator.Input;
import io.m300.harness.support.report.findings.SourceIndex;
import io.m300.harness.support.report.findings.SourceOrigins;
import io.m300.harness.support.report.findings.StackResources;
import io.m300.harness.support.report.findings.Waivers;
import io.m300.harness.support.stack.StackInventory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run on a stack with two mutants applied (NET-02's extra rule, a new file; NET-04's listener, an
 * override), one control that could not be verified and one skipped: the findings name the mutants'
 * resources with their blocks, SARIF validates against the 2.1.0 schema and points at the mutants'
 * files, a waiver is shown and taken off failsafe's count, and the history of two earlier runs shows.
 */
class FindingsTest {

    static final Catalogue CATALOGUE = Catalogue.parse(LivingDocs.classpathCatalogue());
    static final Path REPO = repo();

    @TempDir
    Path dir;

    static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("infra/mutants"))) {
            p = p.getParent();
        }
        return p;
    }

    static final String STATE = """
            {"version": 4, "resources": [
              {"mode": "managed", "type": "aws_security_group", "name": "db", "instances": [
                {"attributes": {"id": "sg-0db5e4a43b7d9c1a5", "name": "m300x-db"}}]},
              {"mode": "managed", "type": "aws_vpc_security_group_ingress_rule", "name": "db_from_vpc_mutant", "instances": [
                {"attributes": {"id": "sgr-0abc7d9c1a5d0b4e2"}}]},
              {"mode": "managed", "type": "aws_lb_listener", "name": "http", "instances": [
                {"attributes": {"id": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/m300x/50dc6c495c0c9188/f2f7dc8efc522ab2",
                                "arn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/m300x/50dc6c495c0c9188/f2f7dc8efc522ab2"}}]},
              {"mode": "managed", "type": "aws_subnet", "name": "private", "instances": [
                {"index_key": 1, "attributes": {"id": "subnet-0fed1b2c3d4e5f6a7"}}]}
            ]}""";

    /** The workspace a mutation shard makes: infra's files plus the two mutants' files. */
    String stackResources(String name) throws Exception {
        Path ws = dir.resolve("ws-" + name + "/infra");
        Files.createDirectories(ws);
        try (var files = Files.list(REPO.resolve("infra"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".tf")).toList()) {
                Files.copy(f, ws.resolve(f.getFileName().toString()));
            }
        }
        Files.copy(
                REPO.resolve("infra/mutants/NET-04/http_listener_override.tf"),
                ws.resolve("http_listener_override.tf"));
        Files.copy(REPO.resolve("infra/mutants/NET-02/db_from_vpc_mutant.tf"), ws.resolve("db_from_vpc_mutant.tf"));
        return StackResources.of(
                        StackInventory.parse(STATE), SourceIndex.of(ws, SourceOrigins.of(ws, REPO.resolve("infra"))))
                .toJson();
    }

    /** The run's findings under the test's waiver file, judged on {@code today}. */
    static RunFindings waived(Run run, String today) {
        return RunFindings.of(run, Waivers.parse(WAIVER, "waivers.yml"), LocalDate.parse(today));
    }

    Run run(String folderName, String runId, String started) throws Exception {
        String resources = stackResources(folderName);
        Fixtures.Report r = new Fixtures.Report();
        Fixtures.Feature net = r.feature("Network security", "classpath:features/network.feature", "");
        net.scenario("Only the application tier reaches the database, and only on 3306", "@network", "@NET-02")
                .step(
                        "Then",
                        "the database admits only the application tier on 3306",
                        "failed",
                        "java.lang.AssertionError: expected only tcp/3306 from the app tier, but sgr-0abc7d9c1a5d0b4e2 on "
                                + "sg-0db5e4a43b7d9c1a5 admits 10.0.0.0/16\n\tat io.m300.harness.steps.NetworkSteps.x(NetworkSteps.java:1)\n",
                        "database groups",
                        "sg-0db5e4a43b7d9c1a5: 2 rules")
                .withStackResources(resources);
        net.scenario("The internet reaches only the load balancer, and only over HTTPS", "@network", "@NET-04")
                .step(
                        "Then",
                        "port 80 only redirects to HTTPS",
                        "failed",
                        "java.lang.AssertionError: listener arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/m300x/"
                                + "50dc6c495c0c9188/f2f7dc8efc522ab2 forwards plain HTTP\n\tat x.y(Z.java:1)\n")
                .withStackResources(resources);
        net.scenario("Private subnets have no route to the internet gateway", "@network", "@NET-06")
                .step(
                        "Then",
                        "no private subnet routes to an internet gateway",
                        "failed",
                        "software.amazon.awssdk.core.exception.SdkClientException: Unable to execute HTTP request\n\tat x.y(Z.java:1)\n")
                .withStackResources(resources);
        Path folder = dir.resolve(folderName);
        r.write(folder.resolve("cucumber.json"));
        Fixtures.runJson(folder, runId, "moto", "moto_server");
        Files.writeString(
                folder.resolve("run.json"),
                Files.readString(folder.resolve("run.json")).replace("2026-11-27T07:19:00Z", started));
        return Run.fromFolder(folder);
    }

    static final String WAIVER = """
            waivers:
              - control: NET-04
                resource: aws_lb_listener.http
                reason: the partner's checker speaks HTTP until January
                owner: network team
                created: 2026-12-01
                expires: 2027-01-31
              - control: NET-06
                reason: must never cover a check that could not look
                owner: ops
                created: 2026-12-01
                expires: 2027-01-31
            """;

    @Test
    void theFindingsNameTheMutantsResourcesWithAddressAndBlockAndTheErroredControlGetsNone() throws Exception {
        RunFindings f =
                RunFindings.of(run("r1", "m300-r1", "2026-12-06T07:00:00Z"), List.of(), LocalDate.parse("2026-12-07"));
        assertThat(f.findings()).extracting(Finding::control).containsExactly("NET-02", "NET-04");
        assertThat(f.findings().get(0).describe())
                .containsExactly(
                        "aws_vpc_security_group_ingress_rule.db_from_vpc_mutant (infra/mutants/NET-02/db_from_vpc_mutant.tf:2)",
                        "aws_security_group.db (infra/security_groups.tf:"
                                + line("infra/security_groups.tf", "resource \"aws_security_group\" \"db\"") + ")");
        assertThat(f.findings().get(1).describe())
                .containsExactly("aws_lb_listener.http (infra/mutants/NET-04/http_listener_override.tf:3, "
                        + "overriding infra/alb.tf:" + line("infra/alb.tf", "resource \"aws_lb_listener\" \"http\"")
                        + ")");
    }

    @Test
    void theSarifValidatesAgainstTheSchemaAndPointsAtTheMutantsFilesAndAWaiverIsASuppression() throws Exception {
        RunFindings f = waived(run("r1", "m300-r1", "2026-12-06T07:00:00Z"), "2027-01-10");
        Path sarif = dir.resolve("findings.sarif");
        SarifReport.write(CATALOGUE, f, "test", sarif);

        JsonNode doc = new ObjectMapper().readTree(sarif.toFile());
        try (InputStream schema = getClass().getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
            JsonSchema s =
                    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
            Set<ValidationMessage> errors = s.validate(doc);
            assertThat(errors).as("SARIF 2.1.0 schema errors").isEmpty();
        }
        JsonNode run = doc.path("runs").get(0);
        assertThat(run.path("tool").path("driver").path("rules"))
                .hasSize(CATALOGUE.controls().size());
        JsonNode net02Rule = run.path("tool")
                .path("driver")
                .path("rules")
                .get(CATALOGUE.controls().stream()
                        .map(Catalogue.Control::id)
                        .toList()
                        .indexOf("NET-02"));
        assertThat(net02Rule.path("id").asText()).isEqualTo("NET-02");
        assertThat(net02Rule.path("properties").path("security-severity").asText())
                .isEqualTo("8.0");
        assertThat(net02Rule.path("help").path("text").asText()).contains("tcp/3306");

        JsonNode results = run.path("results");
        assertThat(results).hasSize(2);
        JsonNode first = results.get(0).path("locations").get(0);
        assertThat(first.path("physicalLocation")
                        .path("artifactLocation")
                        .path("uri")
                        .asText())
                .isEqualTo("infra/mutants/NET-02/db_from_vpc_mutant.tf");
        assertThat(first.path("physicalLocation")
                        .path("region")
                        .path("startLine")
                        .asInt())
                .isEqualTo(2);
        assertThat(first.path("logicalLocations")
                        .get(0)
                        .path("fullyQualifiedName")
                        .asText())
                .isEqualTo("aws_vpc_security_group_ingress_rule.db_from_vpc_mutant");
        assertThat(results.get(0).has("suppressions")).isFalse();
        assertThat(results.get(1)
                        .path("locations")
                        .get(0)
                        .path("physicalLocation")
                        .path("artifactLocation")
                        .path("uri")
                        .asText())
                .isEqualTo("infra/mutants/NET-04/http_listener_override.tf");
        assertThat(results.get(1).path("suppressions").get(0).path("status").asText())
                .isEqualTo("accepted");
        assertThat(results.get(1)
                        .path("suppressions")
                        .get(0)
                        .path("justification")
                        .asText())
                .isEqualTo("accepted until 2027-01-31: the partner's checker speaks HTTP until January (network team)");
        assertThat(sarif).content().doesNotContain("123456789012");
    }

    @Test
    void aWaivedControlIsShownAcceptedAndComesOffFailsafesCountWhileTheErroredOneStays() throws Exception {
        Run run = run("r1", "m300-r1", "2026-12-06T07:00:00Z");
        RunFindings f = waived(run, "2027-01-10");
        assertThat(f.acceptedScenarios())
                .extracting(ScenarioResult::name)
                .containsExactly("The internet reaches only the load balancer, and only over HTTPS");
        assertThat(f.stale()).singleElement().asString().startsWith("waiver 2 (NET-06, ops) is stale");

        Path summary = dir.resolve("failsafe-summary.xml");
        Files.writeString(summary, """
                <failsafe-summary xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" result="255" timeout="false">
                    <completed>3</completed>
                    <errors>1</errors>
                    <failures>2</failures>
                    <skipped>0</skipped>
                    <failureMessage xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>
                </failsafe-summary>""");
        assertThat(WaivedSummary.apply(summary, f.acceptedScenarios().size())).isEqualTo(1);
        assertThat(summary).content().contains("<failures>1</failures>", "<errors>1</errors>", "result=\"255\"");
        assertThat(dir.resolve("failsafe-summary.unwaived.xml")).content().contains("<failures>2</failures>");
        // the site generated again (.ci/run does): the count is taken from failsafe's own, not taken off twice
        assertThat(WaivedSummary.apply(summary, f.acceptedScenarios().size())).isEqualTo(1);
        assertThat(summary).content().contains("<failures>1</failures>");
        assertThat(WaivedSummary.apply(summary, 0)).isEqualTo(2);

        Path site = LivingDocGenerator.generate(
                new Input(
                        CATALOGUE,
                        List.of(run),
                        List.of(),
                        List.of(),
                        List.of(),
                        Instant.parse("2027-01-10T08:00:00Z"),
                        List.of(f),
                        History.of(null, null, List.of(run), CATALOGUE, Instant.now())),
                dir.resolve("site"));
        String net04 = Files.readString(site.resolveSibling("control-net-04.html"));
        assertThat(net04)
                .contains("accepted until 2027-01-31: the partner's checker speaks HTTP until January (network team)")
                .contains("data-culprit=\"aws_lb_listener.http\"", "infra/mutants/NET-04/http_listener_override.tf:3");
        String index = Files.readString(site);
        assertThat(index)
                .contains("data-verdict=\"accepted\"")
                .contains("infra/mutants/NET-02/db_from_vpc_mutant.tf:2");
        String net06 = Files.readString(site.resolveSibling("control-net-06.html"));
        assertThat(net06).doesNotContain("accepted until");
        // the history records the accepted control as accepted, not red
        History.Strip net04History = History.of(null, null, List.of(run), List.of(f), CATALOGUE, Instant.now())
                .strip("NET-04", "moto");
        assertThat(net04History.points()).extracting(History.Point::verdict).containsExactly(Verdict.ACCEPTED);
        assertThat(net04History.redSince()).isNull();
    }

    @Test
    void anExpiredWaiverAcceptsNothingAndSaysSo() throws Exception {
        RunFindings f = waived(run("r1", "m300-r1", "2026-12-06T07:00:00Z"), "2027-02-01");
        assertThat(f.acceptedScenarios()).isEmpty();
        assertThat(f.summary())
                .anyMatch(l -> l.contains("the waiver for NET-04 on aws_lb_listener.http expired on 2027-01-31"));
    }

    @Test
    void theHistoryOfTwoEarlierRunsIsShownWithSinceWhenARedControlIsRed() throws Exception {
        // two earlier runs: one published (the nightly's history.json), one local run folder
        Run earlier = run("r0", "m300-r0", "2026-12-04T07:00:00Z");
        History published = History.of(null, null, List.of(earlier), CATALOGUE, Instant.now());
        published.write(dir.resolve("previous-site/history.json"), dir.resolve("none"));
        Path harness = dir.resolve("harness");
        Files.createDirectories(harness.resolve("m300-r05"));
        Files.writeString(harness.resolve("m300-r05/verdicts.json"), """
                {"version": 1, "runs": [{"runId": "m300-r05", "target": "moto", "started": "2026-12-05T07:00:00Z",
                  "verdicts": {"NET-02": "failed", "NET-01": "passed"}}]}""");
        Run now = run("r1", "m300-r1", "2026-12-06T07:00:00Z");
        History h =
                History.of(dir.resolve("previous-site/history.json"), harness, List.of(now), CATALOGUE, Instant.now());

        History.Strip net02 = h.strip("NET-02", "moto");
        assertThat(net02.points()).extracting(History.Point::runId).containsExactly("m300-r0", "m300-r05", "m300-r1");
        assertThat(net02.redSince()).isEqualTo(Html.when("2026-12-04T07:00:00Z"));
        assertThat(h.strip("NET-01", "moto").redSince()).isNull();

        Path site = LivingDocGenerator.generate(
                new Input(
                        CATALOGUE,
                        List.of(now),
                        List.of(),
                        List.of(),
                        List.of(),
                        Instant.now(),
                        List.of(RunFindings.of(now, List.of(), LocalDate.now())),
                        h),
                dir.resolve("site"));
        assertThat(Files.readString(site)).contains("data-history=\"3\"", "red since");
        h.write(dir.resolve("site/history.json"), harness);
        assertThat(History.read(dir.resolve("site/history.json"))).hasSize(3);
    }

    static int line(String file, String header) throws Exception {
        List<String> lines = Files.readAllLines(REPO.resolve(file));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(header)) {
                return i + 1;
            }
        }
        throw new AssertionError(header + " not in " + file);
    }
}
