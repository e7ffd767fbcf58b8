package io.m300.harness.support.report.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On the repository's own Terraform: the compliant variant's modules and for_each, infra's count, a mutant's override. */
class SourceIndexTest {

    static final Path REPO = repo();

    static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("fixtures/compliant"))) {
            p = p.getParent();
        }
        return p;
    }

    @Test
    void aResourceInAModuleWithForEachIsFoundInTheModulesFile() {
        Path compliant = REPO.resolve("fixtures/compliant");
        SourceIndex index = SourceIndex.of(compliant, SourceOrigins.of(compliant, compliant));
        assertThat(index.locate("module.net.aws_subnet.app[\"a\"]")
                        .orElseThrow()
                        .effective())
                .isEqualTo(new SourceLocation("fixtures/compliant/modules/network/main.tf", 32));
        assertThat(index.locate("module.alerting.aws_cloudwatch_metric_alarm.watch[\"cpu.high\"]")
                        .orElseThrow()
                        .declared())
                .isEqualTo(new SourceLocation("fixtures/compliant/modules/alerting/main.tf", 51));
        assertThat(index.locate("module.net")).isPresent();
        assertThat(index.locate("aws_subnet.app")).isEmpty();
    }

    @Test
    void aResourceWithCountIsFoundWhateverItsIndex() {
        Path infra = REPO.resolve("infra");
        SourceIndex index = SourceIndex.of(infra, SourceOrigins.of(infra, infra));
        assertThat(index.locate("aws_subnet.private[1]").orElseThrow().effective())
                .isEqualTo(new SourceLocation("infra/network.tf", 31));
    }

    @Test
    void aMutantsFilesInTheWorkspaceAreNamedByTheirPlaceInTheRepositoryAndAnOverrideIsTheEffectiveBlock(
            @TempDir Path tmp) throws Exception {
        Path infra = REPO.resolve("infra");
        Path ws = tmp.resolve("infra");
        Files.createDirectories(ws);
        try (var files = Files.list(infra)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".tf")).toList()) {
                Files.copy(f, ws.resolve(f.getFileName().toString()));
            }
        }
        Files.copy(infra.resolve("mutants/NET-04/http_listener_override.tf"), ws.resolve("http_listener_override.tf"));
        Files.copy(infra.resolve("mutants/NET-02/db_from_vpc_mutant.tf"), ws.resolve("db_from_vpc_mutant.tf"));
        Files.writeString(ws.resolve("local_only.tf"), "resource \"aws_sns_topic\" \"extra\" {\n}\n");

        SourceIndex index = SourceIndex.of(ws, SourceOrigins.of(ws, infra));

        SourceIndex.Declaration http = index.locate("aws_lb_listener.http").orElseThrow();
        assertThat(http.overridden())
                .isEqualTo(new SourceLocation("infra/mutants/NET-04/http_listener_override.tf", 3));
        assertThat(http.declared().path()).isEqualTo("infra/alb.tf");
        assertThat(http.effective()).isEqualTo(http.overridden());
        assertThat(index.locate("aws_vpc_security_group_ingress_rule.db_from_vpc_mutant")
                        .orElseThrow()
                        .effective())
                .isEqualTo(new SourceLocation("infra/mutants/NET-02/db_from_vpc_mutant.tf", 2));
        assertThat(index.locate("aws_sns_topic.extra").orElseThrow().effective().path())
                .isEqualTo("<workspace>/local_only.tf");
    }

    @Test
    void addressesLoseTheirInstanceKeysEvenWhenAKeyHoldsDotsOrBrackets() {
        assertThat(SourceIndex.blockAddress("module.a[\"x.y]\"].module.b.aws_t.n[0]"))
                .isEqualTo("module.a.module.b.aws_t.n");
    }

    @Test
    void aLinkIsMadeOnlyWhenGitHubSaysWhichRepositoryAndCommit() {
        SourceLocation l = new SourceLocation("infra/alb.tf", 7);
        assertThat(l.link(k -> switch (k) {
                    case "GITHUB_SERVER_URL" -> "https://github.com";
                    case "GITHUB_REPOSITORY" -> "o/r";
                    case "GITHUB_SHA" -> "abc123";
                    default -> null;
                }))
                .isEqualTo("https://github.com/o/r/blob/abc123/infra/alb.tf#L7");
        assertThat(l.link(k -> null)).isNull();
    }
}
