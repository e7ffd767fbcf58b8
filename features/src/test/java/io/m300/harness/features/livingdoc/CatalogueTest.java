package io.m300.harness.features.livingdoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogueTest {

    private final Catalogue catalogue = Catalogue.parse(LivingDocs.classpathCatalogue());

    @Test
    void readsEveryAreaAndControlOfTheRealCatalogue() {
        assertThat(catalogue.areas())
                .extracting(Catalogue.Area::title)
                .containsExactly(
                        "Identity and access management",
                        "Network security",
                        "Data protection",
                        "Monitoring and logging",
                        "Secrets and configuration",
                        "Terraform state security");
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
        assertThat(catalogue.mappingsOf("NET-04"))
                .singleElement()
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
        assertThat(catalogue.beyond().get(0).description())
                .contains("detailed-exitcode")
                .contains("not to hide");
    }

    @Test
    void aReformattedTableReadsTheSame() {
        String plain = """
                # c
                ## 1. Area
                | ID | Statement | Evidence on every target | Behaviour where the target allows | Mutant |
                |---|---|---|---|---|
                | X-01 | one | reads `a\\|b` and x \\| y | — | m |
                | X-02 | two **bold** | e | — | `mutant` |
                ## How the controls map to AWS Security Hub and CIS
                | control | Security Hub control(s) | CIS v3.0 | note |
                |---|---|---|---|
                | X-01, X-02 | A.1 | — | |
                """;
        String reformatted = """
                The control catalogue
                =====================

                ##   1.   Area

                |   ID   |Statement|   Evidence on every target   | Behaviour where the target allows |Mutant|
                |:-------|:-------:|-----------------------------:|:----------------------------------|-----:|
                |  `X-01`   |   one   |   reads `a\\|b` and x \\| y |  —  | m |
                  X-02 | two **bold** | e | — | `mutant`

                ## How the controls map to AWS Security Hub and CIS
                Control | Security Hub control(s) | CIS v3.0 | Note
                :--|:--|:--|:--
                **X-01**,X-02 | A.1 | — | |
                """;
        Catalogue expected = Catalogue.parse(plain);
        assertThat(Catalogue.parse(reformatted))
                .usingRecursiveComparison()
                .ignoringFields("title")
                .isEqualTo(expected);
        assertThat(expected.control("X-01").orElseThrow().evidence()).isEqualTo("reads `a|b` and x | y");
        assertThat(expected.control("X-02").orElseThrow().statement()).isEqualTo("two **bold**");
        assertThat(expected.mappingsOf("X-02"))
                .singleElement()
                .satisfies(m -> assertThat(m.controls()).containsExactly("X-01", "X-02"));
    }

    private static final String AREA = """
            ## 1. Area
            | ID | Statement | Evidence on every target | Behaviour where the target allows | Mutant |
            |---|---|---|---|---|
            | X-01 | one | e | — | m |
            """;

    @Test
    void aRowThatDoesNotFitIsAnErrorNamingItsLineNeverADrop() {
        assertThat(Catalogue.parse(AREA).controls()).hasSize(1);
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("| X-01 | again | e | — | m |", "control X-01 is listed twice (first at line 4)");
        rows.put("| x01 | two | e | — | m |", "'x01' is not a control ID like NET-01");
        rows.put("| NET-1a | two | e | — | m |", "'NET-1a' is not a control ID like NET-01");
        rows.put("|  | two | e | — | m |", "'' is not a control ID like NET-01");
        rows.put("| X-02 | two | e — | m |", "the row has 4 cells, its table 5");
        rows.put("| X-02 | two | e | — | m | extra |", "the row has more than 5 cells, its table 5");
        rows.put("| X-02 |  | e | — | m |", "control X-02 has no statement");
        rows.forEach((row, message) -> assertThatThrownBy(() -> Catalogue.parse(AREA + row + "\n"))
                .as(row)
                .hasMessage("controls.md line 5: " + message));
    }

    @Test
    void aTableWithUnexpectedColumnsOrInTheWrongPlaceIsAnError() {
        assertThatThrownBy(() -> Catalogue.parse(AREA.replace("| Mutant |", "| Owner |")))
                .hasMessage("controls.md line 2: unexpected column 'owner' (the table's columns begin with "
                        + "[id, statement, evidence, behaviour, mutant])");
        assertThatThrownBy(() -> Catalogue.parse(AREA.replace("| Mutant |", "| Mutant | Owner |")
                        .replace("|---|---|\n", "|---|---|---|\n")
                        .replace("| m |", "| m | o |")))
                .hasMessageStartingWith("controls.md line 2: unexpected column 'owner'");
        assertThatThrownBy(() -> Catalogue.parse(AREA.replace("| Mutant |", "| Statement |")))
                .hasMessage("controls.md line 2: two columns 'statement'");
        assertThatThrownBy(() -> Catalogue.parse(AREA.replace("## 1. Area", "## Area")))
                .hasMessageStartingWith("controls.md line 2: a table with the columns [id, statement,")
                .hasMessageContaining("under '## Area'");
        String mapping = """
                ## How the controls map to AWS Security Hub and CIS
                | control | Security Hub control(s) | CIS v3.0 | note |
                |---|---|---|---|
                | X-01, X01 | A.1 | — | |
                """;
        assertThatThrownBy(() -> Catalogue.parse(AREA + mapping))
                .hasMessage("controls.md line 8: mapping row names 'X01', which is not a control ID like NET-01");
    }
}
