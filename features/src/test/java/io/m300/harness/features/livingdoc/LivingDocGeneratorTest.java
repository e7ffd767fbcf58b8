package io.m300.harness.features.livingdoc;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.features.livingdoc.LivingDocGenerator.Input;
import io.m300.harness.features.livingdoc.LivingDocGenerator.Link;
import io.m300.harness.features.mutation.MutationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LivingDocGeneratorTest {

    private static final String PASSWORD = "ci0123456789abcdefSECRET";
    private static final Catalogue CATALOGUE = Catalogue.parse(LivingDocs.classpathCatalogue());

    @TempDir
    Path dir;

    /** moto: NET-01 passed, NET-02 failed, MON-03 skipped with its reason, drift passed, DATA-01 partly. */
    private Run motoRun() throws Exception {
        Fixtures.Report r = new Fixtures.Report();
        Fixtures.Feature net = r.feature(
                "Network security",
                "classpath:features/network.feature",
                "The network keeps the database out of the internet's reach.");
        net.scenario("RDS is unreachable from the internet", "@network", "@NET-01")
                .passed("the database is not publicly accessible", "rds", "m300-db: PubliclyAccessible=false")
                .passed(
                        "the reachability analysis finds no path",
                        "reachability",
                        "blocked at hop 2: route table rtb-1 has no route to igw-1");
        net.scenario("Only the application tier reaches the database, and only on 3306", "@network", "@NET-02")
                .step(
                        "Then",
                        "the database security group admits only the application tier on 3306",
                        "failed",
                        "java.lang.AssertionError: [ingress of sg-db] \nExpecting exactly one rule but found 2\n\tat io.m300.X.y(X.java:1)\n",
                        "ingress",
                        "tcp/3306 from sg-ecs\ntcp/3306 from 10.0.0.0/16 <- contradicts the control");
        Fixtures.Feature mon = r.feature("Monitoring and logging", "classpath:features/monitoring.feature", "");
        mon.scenario("An alarm reaches the administrators", "@monitoring", "@MON-03", "@requires-alarm-actions")
                .skippedBecause("skipped on target moto: moto 5.2.1 never runs alarm actions");
        Fixtures.Feature data = r.feature("Data protection", "classpath:features/data-protection.feature", "");
        data.scenario("The database is encrypted at rest with the stack's customer-managed key", "@DATA-01")
                .passed("the database is encrypted", "kms", "key 1234 rotation on, password=" + PASSWORD);
        data.scenario(
                        "The database is encrypted at rest with the stack's customer-managed key",
                        "@DATA-01",
                        "@requires-iam-simulation")
                .skippedBecause("skipped on target moto: no IAM simulation");
        Fixtures.Feature state = r.feature("Terraform state security", "classpath:features/state.feature", "");
        state.scenario("The deployed stack matches its code right after apply", "@drift")
                .passed(
                        "the plan shows no changes apart from the target's known read-back gaps",
                        "drift",
                        "tolerated: aws_ecs_service.x.availability_zone_rebalancing");
        state.scenario("A <script>alert('x')</script> scenario", "@NET-99")
                .passed("it runs", "odd", "<b>not bold</b> & \"quoted\"");
        Path folder = dir.resolve("moto");
        r.write(folder.resolve("cucumber.json"));
        Fixtures.runJson(folder, "m300-moto1", "moto", "moto_server 5.2.1 on http://127.0.0.1:4566");
        return Run.fromFolder(folder);
    }

    private Run awsRun() throws Exception {
        Fixtures.Report r = new Fixtures.Report();
        Fixtures.Feature mon = r.feature("Monitoring and logging", "classpath:features/monitoring.feature", "");
        mon.scenario("An alarm reaches the administrators", "@monitoring", "@MON-03", "@requires-alarm-actions")
                .passed(
                        "the test queue receives the notification within 60 seconds",
                        "notification",
                        "message 42 from topic alerts");
        Fixtures.Feature net = r.feature("Network security", "classpath:features/network.feature", "");
        net.scenario("RDS is unreachable from the internet", "@network", "@NET-01")
                .passed("the database is not publicly accessible", "rds", "PubliclyAccessible=false");
        Path folder = dir.resolve("reports/aws-nightly");
        r.write(folder.resolve("cucumber.json"));
        Fixtures.runJson(folder, "m300-aws7", "aws", "sandbox account 111122223333");
        return Run.fromFolder(folder);
    }

    private Path generate(List<Run> runs, List<MutationReport> mutations) {
        return LivingDocGenerator.generate(
                new Input(
                        CATALOGUE,
                        runs,
                        mutations,
                        List.of(new Link(
                                "Cucumber report", "cucumber-html-reports/overview-features.html", "all steps")),
                        List.of(PASSWORD),
                        Instant.parse("2026-11-27T08:00:00Z")),
                dir.resolve("site"));
    }

    private static String verdictCell(String html, String control) {
        Matcher m = Pattern.compile("<tr class=\"control\" data-control=\"" + control + "\">(.*?)</tr>", Pattern.DOTALL)
                .matcher(html);
        assertThat(m.find()).as("matrix row of " + control).isTrue();
        return m.group(1);
    }

    @Test
    void theMatrixShowsPassedFailedSkippedAndNotCoveredControls() throws Exception {
        Run moto = motoRun();
        String index = Files.readString(generate(List.of(moto), List.of()));

        assertThat(verdictCell(index, "NET-01")).contains("data-verdict=\"passed\"");
        assertThat(verdictCell(index, "NET-02"))
                .contains("data-verdict=\"failed\"")
                .contains("the database security group admits only the application tier on 3306")
                .contains("[ingress of sg-db]")
                .contains("Expecting exactly one rule but found 2")
                .doesNotContain("X.java");
        assertThat(verdictCell(index, "MON-03"))
                .contains("data-verdict=\"skipped\"")
                .contains("skipped on target moto: moto 5.2.1 never runs alarm actions");
        assertThat(verdictCell(index, "DATA-01"))
                .contains("data-verdict=\"partly\"")
                .contains("no IAM simulation");
        assertThat(verdictCell(index, "IAM-04"))
                .contains("data-verdict=\"not-covered\"")
                .contains("not yet covered");
        assertThat(Pattern.compile("<tr class=\"control\"")
                        .matcher(index)
                        .results()
                        .count())
                .isEqualTo(28);
        assertThat(index).contains("data-controls=\"28\"");
        assertThat(index).contains("href=\"cucumber-html-reports/overview-features.html\"");
        // the drift scenario and the uncatalogued @NET-99 are listed beyond the controls, and counted
        assertThat(index)
                .contains("data-beyond=\"@drift\"")
                .contains("tolerated: aws_ecs_service.x.availability_zone_rebalancing")
                .contains("NET-99, which the catalogue does not list");
    }

    @Test
    void theCountsOnThePageAreCucumbersSummary() throws Exception {
        Run moto = motoRun();
        assertThat(moto.summary()).isEqualTo("7 scenarios (4 passed, 2 skipped, 1 failed)");
        String index = Files.readString(generate(List.of(moto), List.of()));
        assertThat(index).contains("data-scenarios=\"7\" data-passed=\"4\" data-failed=\"1\" data-skipped=\"2\"");
        Map<String, Long> marks = Pattern.compile("data-run=\"m300-moto1\" data-scenario-status=\"(\\w+)\"")
                .matcher(index)
                .results()
                .collect(Collectors.groupingBy(m -> m.group(1), Collectors.counting()));
        assertThat(marks).isEqualTo(Map.of("passed", 4L, "failed", 1L, "skipped", 2L));
    }

    @Test
    void aControlPageShowsStatementStandardsStepsEvidenceAndTheFailure() throws Exception {
        generate(List.of(motoRun()), List.of());
        String net02 = Files.readString(dir.resolve("site/control-net-02.html"));
        assertThat(net02)
                .contains("Only the application tier reaches the database, and only on 3306")
                .contains("EC2.18")
                .contains("3306 also open from the VPC CIDR")
                .contains("the deployed m300 stack") // background step
                .contains("tcp/3306 from 10.0.0.0/16 &lt;- contradicts the control")
                .contains("Expecting exactly one rule but found 2")
                .contains("moto_server 5.2.1")
                .doesNotContain("X.java:1");
        String net04 = Files.readString(dir.resolve("site/control-net-04.html"));
        assertThat(net04).contains("ELB.18").contains("opposite directions").contains("Not yet covered");
        String mon03 = Files.readString(dir.resolve("site/control-mon-03.html"));
        assertThat(mon03).contains("<b>Skipped:</b> skipped on target moto: moto 5.2.1 never runs alarm actions");
        assertThat(Files.readString(dir.resolve("site/control-mon-01.html"))).contains("365 days");
        assertThat(dir.resolve("site/living-docs.css")).exists();
    }

    @Test
    void everythingIsEscapedAndNoProtectedValueReachesThePage() throws Exception {
        generate(List.of(motoRun()), List.of());
        try (var files = Files.list(dir.resolve("site"))) {
            for (Path p : files.toList()) {
                String html = Files.readString(p);
                assertThat(html)
                        .as(p.toString())
                        .doesNotContain(PASSWORD)
                        .doesNotContain("<script")
                        .doesNotContain("<b>not bold");
            }
        }
        String index = Files.readString(dir.resolve("site/index.html"));
        // escaped for where it stands (jte): between tags & < >, in an attribute also the quotes
        assertThat(index)
                .contains("<th scope=\"row\">A &lt;script&gt;alert('x')&lt;/script&gt; scenario</th>")
                .contains("title=\"A &lt;script>alert(&#39;x&#39;)&lt;/script> scenario: passed\"")
                .contains("<pre>&lt;b&gt;not bold&lt;/b&gt; &amp; \"quoted\"</pre>");
        assertThat(Files.readString(dir.resolve("site/control-data-01.html"))).contains("password=[redacted]");
    }

    @Test
    void aProtectedValueIsRedactedInTextAndInAttributes() throws Exception {
        String secret = "p&ss\"w<rd>'42";
        Fixtures.Report r = new Fixtures.Report();
        r.feature("Data protection", "classpath:features/data-protection.feature", "")
                .scenario("The password " + secret + " leaks", "@DATA-01")
                .passed("it is logged", "log", "password=" + secret);
        Path folder = dir.resolve("leaky");
        r.write(folder.resolve("cucumber.json"));
        Fixtures.runJson(folder, "m300-leak", "moto", "moto");
        Path index = LivingDocGenerator.generate(
                new Input(
                        CATALOGUE,
                        List.of(Run.fromFolder(folder)),
                        List.of(),
                        List.of(),
                        List.of(secret),
                        Instant.parse("2026-11-27T08:00:00Z")),
                dir.resolve("site"));

        String html = Files.readString(index);
        String page = Files.readString(dir.resolve("site/control-data-01.html"));
        for (String p : List.of(html, page)) {
            assertThat(p)
                    .doesNotContain("p&ss")
                    .doesNotContain("p&amp;ss")
                    .doesNotContain("w&lt;rd")
                    .doesNotContain("w<rd");
        }
        assertThat(html).contains("title=\"The password [redacted] leaks: passed\""); // escaped as an attribute
        assertThat(page)
                .contains("</span> The password [redacted] leaks</h3>") // escaped as text
                .contains("<pre>password=[redacted]</pre>");
    }

    @Test
    void twoTargetsAreMergedSideBySide() throws Exception {
        Run moto = motoRun();
        Run aws = awsRun();
        MutationReport mutations = MutationReport.parse("""
                {"target":"moto","mutants":[
                  {"control":"NET-01","verdict":"killed","precise":true,"tripped":["NET-01"],"seconds":12.3,"reason":""},
                  {"control":"NET-02","verdict":"survived","precise":false,"tripped":[],"seconds":9.0,"reason":"no scenario failed"},
                  {"control":"MON-03","verdict":"not-checkable","precise":false,"tripped":[],"seconds":0,"reason":"moto never runs alarm actions"}]}
                """);
        String index = Files.readString(generate(List.of(moto, aws), List.of(mutations)));

        assertThat(index).contains("<th class=\"target\">moto</th>").contains("<th class=\"target\">aws</th>");
        String mon03 = verdictCell(index, "MON-03");
        assertThat(mon03)
                .contains("data-run=\"m300-moto1\" data-verdict=\"skipped\"")
                .contains("data-run=\"m300-aws7\" data-verdict=\"passed\"")
                .contains("data-mutant=\"not-checkable\"");
        assertThat(verdictCell(index, "NET-01")).contains("data-mutant=\"killed\"");
        assertThat(verdictCell(index, "NET-02")).contains("data-mutant=\"survived\"");
        assertThat(verdictCell(index, "DATA-01")).contains("data-run=\"m300-aws7\" data-verdict=\"not-covered\"");
        assertThat(index).contains("data-run=\"m300-aws7\" data-target=\"aws\" data-scenarios=\"2\" data-passed=\"2\"");

        String page = Files.readString(dir.resolve("site/control-mon-03.html"));
        assertThat(page)
                .contains("data-run=\"m300-moto1\" data-status=\"skipped\"")
                .contains("data-run=\"m300-aws7\" data-status=\"passed\"")
                .contains("message 42 from topic alerts")
                .contains("moto never runs alarm actions");
    }

    @Test
    void theCommandLineMergesAReportsFolderAndSurvivesAnEmptyOption() throws Exception {
        awsRun();
        Path target = dir.resolve("target");
        new Fixtures.Report().write(target.resolve("cucumber-reports/cucumber.json"));
        Fixtures.runJson(target.resolve("harness/m300-x"), "m300-x", "moto", "moto");
        LivingDocs.main(new String[] {
            "--cucumber",
            target.resolve("cucumber-reports/cucumber.json").toString(),
            "--harness",
            target.resolve("harness").toString(),
            "--reports",
            dir.resolve("reports").toString(),
            "--mutation",
            null,
            "--catalogue",
            "",
            "--out",
            target.resolve("living-docs").toString()
        });
        String index = Files.readString(target.resolve("living-docs/index.html"));
        assertThat(index)
                .contains("data-run=\"m300-x\" data-target=\"moto\" data-scenarios=\"0\"")
                .contains("data-run=\"m300-aws7\" data-target=\"aws\"");
        assertThat(Run.newestRunJson(target.resolve("harness")))
                .isEqualTo(Optional.of(target.resolve("harness/m300-x/run.json")));
    }

    @Test
    void aViolatedControlIsToldFromOneThatCouldNotBeVerified() throws Exception {
        Fixtures.Report r = new Fixtures.Report();
        Fixtures.Feature net = r.feature("Network security", "classpath:features/network.feature", "");
        net.scenario("Only the application tier reaches the database, and only on 3306", "@NET-02")
                .step(
                        "Then",
                        "the database security group admits only the application tier on 3306",
                        "failed",
                        "org.opentest4j.AssertionFailedError: [ingress of sg-db] expected one rule but found 2\n\tat x.Y(Y.java:1)\n");
        Fixtures.Feature data = r.feature("Data protection", "classpath:features/data-protection.feature", "");
        data.scenario("Backups are kept for seven days", "@DATA-04")
                .step(
                        "Then",
                        "the database keeps its backups for at least 7 days",
                        "failed",
                        "software.amazon.awssdk.core.exception.SdkClientException: Unable to execute HTTP request: Connection refused\n\tat x.Y(Y.java:1)\n");
        Path folder = dir.resolve("errored");
        r.write(folder.resolve("cucumber.json"));
        Fixtures.runJson(folder, "m300-err1", "moto", "moto");
        MutationReport mutations = MutationReport.parse("""
                {"target":"moto","mutants":[
                  {"name":"NET-02","control":"NET-02","verdict":"killed","precise":true,"tripped":[],"seconds":50,"reason":"x"},
                  {"name":"NET-02.extra-group","control":"NET-02","verdict":"errored","precise":true,"tripped":[],"seconds":40,
                   "reason":"could not be verified: NET-02 threw instead of asserting: NullPointerException: no output"}]}
                """);
        String index = Files.readString(generate(List.of(Run.fromFolder(folder)), List.of(mutations)));

        String net02 = verdictCell(index, "NET-02");
        assertThat(net02).contains("data-verdict=\"failed\"").contains(">violated<");
        String data04 = verdictCell(index, "DATA-04");
        assertThat(data04)
                .contains("data-verdict=\"errored\"")
                .contains("could not be verified")
                .contains("because SdkClientException: Unable to execute HTTP request");
        assertThat(net02)
                .contains("data-mutant-name=\"NET-02\" data-mutant=\"killed\"")
                .contains("data-mutant-name=\"NET-02.extra-group\" data-mutant=\"errored\"");
        String page = Files.readString(dir.resolve("site/control-net-02.html"));
        assertThat(page).contains("NET-02.extra-group").contains("NullPointerException: no output");
        assertThat(Files.readString(dir.resolve("site/control-data-04.html"))).contains("could not be verified");
    }
}
