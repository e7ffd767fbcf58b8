package io.m300.harness.features.livingdoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CatalogueTest {

    private final Catalogue catalogue = Catalogue.parse(LivingDocs.classpathCatalogue());

    @Test
    void readsEveryAreaAndControlOfTheRealCatalogue() {
        assertThat(catalogue.areas()).extracting(Catalogue.Area::title).containsExactly(
                "Identity and access management", "Network security", "Data protection", "Monitoring and logging",
                "Secrets and configuration", "Terraform state security");
        assertThat(catalogue.controls()).hasSize(28);
        assertThat(catalogue.control("NET-01")).get().satisfies(c -> {
            assertThat(c.statement()).isEqualTo("RDS is unreachable from the internet");
            assertThat(c.area()).isEqualTo("Network security");
            assertThat(c.evidence()).contains("`PubliclyAccessible=false`");
            assertThat(c.hasBehaviour()).isTrue();
            assertThat(c.mutant()).contains("publicly_accessible = true");
        });
        assertThat(catalogue.control("MON-03")).get().satisfies(c -> {
            assertThat(c.hasConfigurationEvidence()).isFalse();
            assertThat(c.behaviour()).contains("SetAlarmState");
        });
        assertThat(catalogue.control("IAM-01").orElseThrow().hasBehaviour()).isFalse();
    }

    @Test
    void readsTheMappingTableWithRowsThatNameSeveralControls() {
        assertThat(catalogue.mappingsOf("IAM-03")).singleElement().satisfies(m -> {
            assertThat(m.controls()).containsExactly("IAM-02", "IAM-03");
            assertThat(m.securityHub()).startsWith("IAM.2 ");
            assertThat(m.cis()).isEqualTo("1.15");
        });
        assertThat(catalogue.mappingsOf("NET-04")).singleElement()
                .satisfies(m -> assertThat(m.note()).contains("ELB.18").contains("opposite directions"));
        assertThat(catalogue.mappingsOf("MON-01").get(0).note()).contains("365 days");
        assertThat(catalogue.mappingsOf("STATE-03")).singleElement().satisfies(m -> {
            assertThat(m.beyondSecurityHub()).isTrue();
            assertThat(m.controls()).hasSize(8);
        });
    }

    @Test
    void readsTheScenariosBeyondSingleControls() {
        assertThat(catalogue.beyond()).extracting(Catalogue.Beyond::name).contains("Drift", "Teardown");
        assertThat(catalogue.beyond().get(0).tag()).isEqualTo("@drift");
        assertThat(catalogue.beyond().get(0).description()).contains("detailed-exitcode").contains("not to hide");
    }

    @Test
    void keepsPipesInsideCodeAndRefusesAControlListedTwice() {
        assertThat(Catalogue.cells("| A-1 | uses `a|b` here | x \\| y |")).containsExactly("A-1", "uses `a|b` here", "x | y");
        String twice = """
                ## 1. Area
                | ID | Statement | Evidence on every target | Behaviour where the target allows | Mutant |
                |---|---|---|---|---|
                | X-01 | one | e | — | m |
                | X-01 | again | e | — | m |
                """;
        assertThatThrownBy(() -> Catalogue.parse(twice)).hasMessageContaining("X-01 is listed twice");
        String bad = twice.replace("| X-01 | again", "| x01 | again");
        assertThatThrownBy(() -> Catalogue.parse(bad)).hasMessageContaining("'x01' is not a control ID");
    }
}
