package io.m300.harness.support.mutation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.m300.harness.support.HarnessException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MutationPlanTest {

    @TempDir
    Path dir;

    private Mutant mutant(String name, String tf) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Path f = Files.writeString(d.resolve("m_override.tf"), tf);
        return new Mutant(name.replaceAll("\\..*", ""), d, List.of(f), "");
    }

    @Test
    void aMutantThatTouchesTheDatabaseIsSlowUntilMeasured() throws Exception {
        var plan = new MutationPlan(Map.of());
        assertThat(plan.cost(mutant("NET-01", "resource \"aws_db_instance\" \"db\" { publicly_accessible = true }")))
                .isEqualTo(MutationPlan.SLOW);
        assertThat(plan.cost(mutant("DATA-09", "resource \"aws_db_subnet_group\" \"x\" {}")))
                .isEqualTo(MutationPlan.SLOW);
        assertThat(plan.cost(mutant("DATA-08", "resource  \"aws_rds_cluster\" \"c\" {}")))
                .isEqualTo(MutationPlan.SLOW);
        // naming RDS in a policy or a comment changes no database
        assertThat(
                        plan.cost(
                                mutant(
                                        "IAM-09",
                                        "# the rds instance\ndata \"aws_iam_policy_document\" \"p\" { statement { actions = [\"rds:*\"] } }")))
                .isEqualTo(MutationPlan.CHEAP);
        assertThat(plan.cost(mutant("NET-02", "resource \"aws_security_group\" \"x\" {}")))
                .isEqualTo(MutationPlan.CHEAP);
        // a measurement wins either way
        var measured = new MutationPlan(Map.of("NET-01", 70.0, "NET-02", 400.0));
        assertThat(measured.cost(mutant("NET-01.x", "resource \"aws_db_instance\" \"db\" {}")))
                .isEqualTo(MutationPlan.SLOW); // NET-01.x not measured
        assertThat(measured.cost(mutant("NET-02", "aws_security_group"))).isEqualTo(400.0);
    }

    @Test
    void slowMutantsAreSpreadOverTheShardsBeforeTheCheapOnes() throws Exception {
        var plan = new MutationPlan(
                Map.of("A-01", 300.0, "A-02", 290.0, "A-03", 280.0, "B-01", 60.0, "B-02", 60.0, "B-03", 60.0));
        List<Mutant> all = List.of(
                mutant("B-01", ""),
                mutant("A-01", ""),
                mutant("B-02", ""),
                mutant("A-02", ""),
                mutant("A-03", ""),
                mutant("B-03", ""));
        var shards = plan.shard(all, 3);
        assertThat(shards).hasSize(3);
        assertThat(shards)
                .allSatisfy(s -> assertThat(
                                s.stream().filter(m -> m.name().startsWith("A")).count())
                        .isEqualTo(1));
        assertThat(shards.stream().mapToInt(List::size).sum()).isEqualTo(6);
        // the same input gives the same plan in every JVM (children compute it again)
        var reversed = new ArrayList<>(all);
        Collections.reverse(reversed);
        assertThat(plan.shard(reversed, 3)).isEqualTo(shards);
    }

    @Test
    void databaseMutantsShareAsFewShardsAsTheirShareOfTheWorkAllows() throws Exception {
        String db = "resource \"aws_db_instance\" \"db\" {}";
        var costs = new HashMap<String, Double>();
        List<Mutant> all = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            all.add(mutant("D-0" + i, db));
            costs.put("D-0" + i, 150.0);
        }
        for (int i = 10; i < 40; i++) {
            all.add(mutant("C-" + i, ""));
            costs.put("C-" + i, 30.0);
        }
        var plan = new MutationPlan(costs);
        // 600 s of waits against 1500 s in all: one shard waits, the two others compute (450 s each)
        var shards = plan.shard(all, 3);
        assertThat(shards).hasSize(3);
        assertThat(shards.get(0))
                .allSatisfy(m -> assertThat(m.touchesDatabase()).isTrue())
                .hasSize(4);
        assertThat(shards.subList(1, 3))
                .allSatisfy(s -> assertThat(MutationPlan.waits(s)).isFalse());
        assertThat(shards.get(0).size() + shards.get(1).size() + shards.get(2).size())
                .isEqualTo(34);
        // the waiting shard takes computing mutants too when its waits are shorter than the others' work
        var few = plan.shard(all.subList(3, 34), 3);
        assertThat(few.get(0)).extracting(Mutant::name).contains("D-04").hasSizeGreaterThan(1);
        assertThat(few.get(0).get(few.get(0).size() - 1).name())
                .as("the database mutant last")
                .isEqualTo("D-04");
        // twice the waits: two waiting shards
        for (int i = 5; i <= 9; i++) {
            all.add(mutant("D-0" + i, db));
            costs.put("D-0" + i, 150.0);
        }
        var more = new MutationPlan(costs).shard(all, 3);
        assertThat(more.stream().filter(MutationPlan::waits).count()).isEqualTo(2);
        assertThat(more.get(2)).noneSatisfy(m -> assertThat(m.touchesDatabase()).isTrue());
        // the shard with the most database work keeps its priority, the others give way to it
        var morePlan = new MutationPlan(costs);
        int most = more.get(0).stream().filter(Mutant::touchesDatabase).count()
                        >= more.get(1).stream().filter(Mutant::touchesDatabase).count()
                ? 0
                : 1;
        for (int i = 0; i < 3; i++) {
            assertThat(morePlan.yields(more, i)).as("shard %d yields", i).isEqualTo(i != most);
        }
        // no database mutant: nobody gives way
        var computing = new MutationPlan(costs)
                .shard(all.stream().filter(m -> !m.touchesDatabase()).toList(), 3);
        assertThat(computing).allSatisfy(s -> assertThat(MutationPlan.waits(s)).isFalse());
        assertThat(new MutationPlan(costs).yields(computing, 0)).isFalse();
        assertThat(new MutationPlan(costs).yields(computing, 1)).isFalse();
    }

    @Test
    void withinAShardClassicMutantsComeFirstAndTheDatabaseOnesLastCheapestFirst() throws Exception {
        var plan = new MutationPlan(Map.of("A-01", 300.0, "C-01", 100.0));
        List<Mutant> all = List.of(
                mutant("A-01", "resource \"aws_db_instance\" \"db\" {}"),
                mutant("B-01", ""),
                mutant("C-01", "resource \"aws_db_instance\" \"db\" {}"),
                mutant("D-01", ""),
                mutant("E-01", "terraform {\n  backend \"local\" {}\n}\n"),
                mutant(
                        "F-01",
                        "resource \"aws_s3_bucket_public_access_block\" \"m\" { bucket = \"${var.name_prefix}-tfstate\" }"));
        var shards = plan.shard(all, 1);
        assertThat(shards.get(0))
                .extracting(Mutant::name)
                .containsExactly("E-01", "F-01", "B-01", "D-01", "C-01", "A-01");
    }

    @Test
    void twoMutantsWhereOneTripsTheOthersControlShareAShardOnlyWhereOthersCanGoBetweenThem() throws Exception {
        String db = "resource \"aws_db_instance\" \"db\" {}";
        Map<String, Double> costs = Map.of(
                "DATA-02",
                160.0,
                "DATA-01.key",
                150.0,
                "NET-01",
                96.0,
                "NET-02.group",
                96.0,
                "SEC-03",
                92.0,
                "IAM-01",
                300.0,
                "IAM-02",
                300.0,
                "IAM-03",
                300.0);
        List<Mutant> all = List.of(
                mutant("DATA-02", db),
                mutant("DATA-01.key", db),
                mutant("NET-01", db),
                mutant("NET-02.group", db),
                mutant("SEC-03", db),
                mutant("IAM-01", ""),
                mutant("IAM-02", ""),
                mutant("IAM-03", ""));
        // without the knowledge: one shard waits, with all five database mutants
        var blind = new MutationPlan(costs).shard(all, 3);
        assertThat(blind.stream().filter(MutationPlan::waits).count()).isEqualTo(1);
        // DATA-02 made DATA-01's scenario fail, NET-01 NET-02's
        var plan = new MutationPlan(costs, Map.of("DATA-02", Set.of("DATA-01", "DATA-04"), "NET-01", Set.of("NET-02")));
        assertThat(plan.clash(all.get(1), all.get(0))).isTrue();
        assertThat(plan.clash(all.get(0), all.get(2))).isFalse();
        Mutant data02 = all.get(0), data01 = all.get(1), net01 = all.get(2), net02 = all.get(3), sec03 = all.get(4);
        // alone together, one would follow the other: a return to the baseline in between
        assertThat(plan.returns(List.of(net01, net02))).isEqualTo(1);
        assertThat(plan.returns(List.of(data02, data01))).isEqualTo(1);
        // with another between them (the shard picks it: NET-01, SEC-03, NET-02.group), none
        assertThat(plan.returns(List.of(net01, net02, sec03))).isZero();
        // two mutants of one control: the first's suite fails that control, so the second cannot follow it
        Mutant sec03b = mutant("SEC-03.other", db);
        assertThat(plan.returns(List.of(sec03, sec03b))).isEqualTo(1);
        assertThat(plan.returns(List.of(sec03, net01, sec03b))).isZero();
        var shards = plan.shard(all, 3);
        assertThat(shards).allSatisfy(s -> {
            List<String> names = s.stream().map(Mutant::name).toList();
            assertThat(names.contains("DATA-02") && names.contains("DATA-01.key"))
                    .as("the two dearest last, one after the other")
                    .isFalse();
            assertThat(plan.returns(s)).isZero();
        });
        // NET-01 and NET-02.group wait in the same shard, SEC-03 or DATA-02 between them
        assertThat(shards).anySatisfy(s -> assertThat(s).contains(net01, net02));
        assertThat(shards.stream().mapToInt(List::size).sum()).isEqualTo(all.size());
        // with one shard there is nowhere else to go: all still run
        assertThat(plan.shard(all, 1).get(0)).hasSize(all.size());
    }

    @Test
    void neverMoreShardsThanMutants() throws Exception {
        var shards = new MutationPlan(Map.of()).shard(List.of(mutant("B-01", "")), 3);
        assertThat(shards).hasSize(1);
    }

    @Test
    void shardSpecIsIndexOfCount() {
        assertThat(MutantSelection.Shard.parse("2/3")).isEqualTo(new MutantSelection.Shard(2, 3));
        assertThatThrownBy(() -> MutantSelection.Shard.parse("4/3"))
                .isInstanceOf(HarnessException.class)
                .hasMessageContaining("mutation.shard");
        assertThatThrownBy(() -> MutantSelection.Shard.parse("x")).isInstanceOf(HarnessException.class);
    }

    @Test
    void costFileRoundTripsAndKeepsUnmeasuredEntries(@TempDir Path dir) {
        var old = new MutationCosts(
                "",
                Map.of(
                        "NET-01", new MutationCosts.Cost(250, null),
                        "IAM-01", new MutationCosts.Cost(55, null),
                        "DATA-02", new MutationCosts.Cost(150, new TreeSet<>(Set.of("DATA-01")))));
        MutationCosts updated = old.updated(
                Map.of("NET-01", 180.4, "NET-02.extra-group", 61.0, "DATA-02", 154.0),
                Map.of("NET-01", Set.of("NET-02"), "DATA-02", Set.of("DATA-04", "DATA-01")));
        Path file = dir.resolve("mutation-costs.json");
        updated.write(file);
        MutationCosts read = MutationCosts.read(file);
        assertThat(read).isEqualTo(updated);
        assertThat(read.seconds())
                .containsEntry("NET-01", 180.0)
                .containsEntry("NET-02.extra-group", 61.0)
                .containsEntry("DATA-02", 154.0)
                .containsEntry("IAM-01", 55.0);
        assertThat(read.trips())
                .containsEntry("DATA-02", Set.of("DATA-01", "DATA-04"))
                .containsEntry("NET-01", Set.of("NET-02"))
                .doesNotContainKey("IAM-01");
        assertThat(MutationCosts.read(dir.resolve("missing.json"))).isEqualTo(MutationCosts.NONE);
    }

    @Test
    void aBrokenCostFileSaysWhatToDo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("mutation-costs.json"), "NET-01 = 97");
        assertThatThrownBy(() -> MutationCosts.read(file))
                .isInstanceOf(HarnessException.class)
                .hasMessageContaining("mutation-costs.json")
                .hasMessageContaining("delete the file");
    }

    @Test
    void onlySelectsByControlOrByName() throws Exception {
        List<Mutant> all = List.of(mutant("NET-02", ""), mutant("NET-02.extra-group", ""), mutant("IAM-01", ""));
        assertThat(MutantSelection.only(all, "NET-02").stream().map(Mutant::name))
                .containsExactly("NET-02", "NET-02.extra-group");
        assertThat(MutantSelection.only(all, "NET-02.extra-group,IAM-01").stream()
                        .map(Mutant::name))
                .containsExactly("NET-02.extra-group", "IAM-01");
        assertThat(MutantSelection.only(all, " ")).hasSize(3);
        assertThatThrownBy(() -> MutantSelection.only(all, "NOPE-01"))
                .isInstanceOf(HarnessException.class)
                .hasMessageContaining("NOPE-01");
    }

    /** A shard is given its mutants by name: "NET-02" must not also pull in NET-02.extra-group (which another shard runs). */
    @Test
    void namedSelectsExactlyTheNamedMutantsSoShardsNeverOverlap() throws Exception {
        List<Mutant> all = List.of(mutant("NET-02", ""), mutant("NET-02.extra-group", ""), mutant("IAM-01", ""));
        assertThat(MutantSelection.named(all, "NET-02,IAM-01").stream().map(Mutant::name))
                .containsExactly("NET-02", "IAM-01");
        // in the order given: a shard runs its mutants in its plan's order
        assertThat(MutantSelection.named(all, "IAM-01,NET-02").stream().map(Mutant::name))
                .containsExactly("IAM-01", "NET-02");
        assertThatThrownBy(() -> MutantSelection.named(all, "NET-02.gone"))
                .isInstanceOf(HarnessException.class)
                .hasMessageContaining("NET-02.gone");
        var shards = new MutationPlan(Map.of()).shard(all, 2);
        long total = shards.stream()
                .mapToLong(s -> MutantSelection.named(
                                all,
                                String.join(",", s.stream().map(Mutant::name).toList()))
                        .size())
                .sum();
        assertThat(total).as("mutants run over all shards").isEqualTo(all.size());
    }
}
