package io.m300.harness.support.mutation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MutantTest {

    @Test
    void theReadmeDeclaresWhatElseTheMutantTripsOnItsAlsoTripsLines(@TempDir Path infra) throws Exception {
        Path dir = Files.createDirectories(infra.resolve("mutants/NET-06"));
        Files.writeString(
                dir.resolve("README"),
                "NET-06: the private route table routes to the IGW. SEC-01/SEC-03 stay unaffected.\n"
                        + "Also trips: NET-01 (the database lives in those subnets), NET-03 (so do the tasks)\n");
        Files.writeString(dir.resolve("route_override.tf"), "# x\n");
        Path plain = Files.createDirectories(infra.resolve("mutants/NET-02"));
        Files.writeString(
                plain.resolve("README"), "NET-02: 3306 also open from the VPC CIDR (keeps NET-01 unaffected).\n");
        var mutants = Mutant.discover(infra);
        assertThat(mutants).extracting(Mutant::name).containsExactly("NET-02", "NET-06");
        assertThat(mutants.get(1).alsoTrips()).containsExactly("NET-01", "NET-03");
        assertThat(mutants.get(0).alsoTrips())
                .as("a control named in the description is not declared")
                .isEmpty();
    }

    /** Every mutant of the repository: the controls its README declares (what the mutation run lets a kill trip). */
    @Test
    void theRepositorysMutantsDeclareOnlyControlsThatExist() {
        Path infra = Path.of("..", "infra");
        Map<String, Object> declared = new TreeMap<>();
        for (Mutant m : Mutant.discover(infra)) {
            if (!m.alsoTrips().isEmpty()) {
                declared.put(m.name(), m.alsoTrips());
            }
            assertThat(m.alsoTrips())
                    .as("%s declares its own control", m.name())
                    .doesNotContain(m.control());
        }
        assertThat(declared).containsKeys("DATA-02", "NET-01", "NET-06");
    }
}
