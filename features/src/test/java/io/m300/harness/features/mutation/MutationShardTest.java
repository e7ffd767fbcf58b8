package io.m300.harness.features.mutation;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.mutation.Mutant;
import io.m300.harness.support.mutation.MutationVerdict.ScenarioResult;
import io.m300.harness.support.mutation.MutationVerdict.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a shard may apply the next mutant straight over the one in place. */
class MutationShardTest {

    @TempDir
    Path dir;

    private Mutant mutant(String name, String... files) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        List<Path> paths = new ArrayList<>();
        for (String f : files) {
            String text = f.startsWith("backend")
                    ? "terraform {\n  backend \"local\" {}\n}\n"
                    : f.endsWith(".tf") ? "locals {}\n" : "--- a\n+++ b\n";
            paths.add(Files.writeString(d.resolve(f), text));
        }
        return new Mutant(name.replaceAll("\\..*", ""), d, paths, "");
    }

    private static ScenarioResult result(String name, String tag, Status status) {
        return new ScenarioResult(name, Set.of(tag), status, "");
    }

    @Test
    void theFirstMutantWhoseControlThePreviousOneDidNotTripFollowsIt() throws Exception {
        Mutant prev = mutant("NET-01", "m_override.tf");
        Mutant net02 = mutant("NET-02", "m_override.tf");
        Mutant iam01 = mutant("IAM-01", "m_override.tf");
        // NET-01's mutant made NET-02's scenario fail too: NET-02's verdict could be NET-01's doing
        var inPlace = new MutationShard.InPlace(
                prev,
                List.of(
                        result("a", "@NET-01", Status.FAILED),
                        result("b", "@NET-02", Status.ERRORED),
                        result("c", "@IAM-01", Status.PASSED)),
                0);
        assertThat(MutationShard.chainable(inPlace, List.of(net02, iam01))).contains(iam01);
        assertThat(MutationShard.chainable(inPlace, List.of(net02))).isEmpty();
        // IAM-01 and IAM-02 clash (one tripped the other's control in the last run): IAM-03 goes first
        Mutant iam02 = mutant("IAM-02", "m_override.tf");
        Mutant iam03 = mutant("IAM-03", "m_override.tf");
        var iamInPlace = new MutationShard.InPlace(iam01, List.of(result("a", "@IAM-01", Status.FAILED)), 0);
        BiPredicate<Mutant, Mutant> clash =
                (a, b) -> Set.of(a.control(), b.control()).equals(Set.of("IAM-01", "IAM-02"));
        assertThat(MutationShard.chainable(iamInPlace, List.of(iam02, iam03), clash))
                .contains(iam03);
        assertThat(MutationShard.chainable(iamInPlace, List.of(iam02), clash))
                .as("nothing else left: the suite decides")
                .contains(iam02);
    }

    @Test
    void aDatabaseMutantIsNotChainedInWhileAnotherMutantRemains() throws Exception {
        Mutant sec02 = mutant("SEC-02", "m_override.tf");
        Mutant sibling = mutant("SEC-02.other", "m_override.tf");
        Mutant net01 = mutant("NET-01", "m_override.tf");
        Files.writeString(
                net01.files().get(0), "resource \"aws_db_instance\" \"this\" {\n  publicly_accessible = true\n}\n");
        var killed = new MutationShard.InPlace(sec02, List.of(result("a", "@SEC-02", Status.FAILED)), 0);
        // SEC-02.other cannot follow SEC-02; NET-01 could, but then SEC-02.other would undo a database change
        assertThat(MutationShard.chainable(killed, List.of(sibling, net01))).isEmpty();
        assertThat(MutationShard.chainable(killed, List.of(net01))).contains(net01);
    }

    @Test
    void aMutantOfTheSameControlFollowsOnlyWhenItsScenariosPassedUnderThePreviousOne() throws Exception {
        Mutant survived = mutant("SEC-03", "m_override.tf");
        Mutant sibling = mutant("SEC-03.other", "m_override.tf");
        var passed = new MutationShard.InPlace(survived, List.of(result("a", "@SEC-03", Status.PASSED)), 0);
        var killed = new MutationShard.InPlace(survived, List.of(result("a", "@SEC-03", Status.FAILED)), 0);
        assertThat(MutationShard.chainable(passed, List.of(sibling))).contains(sibling);
        assertThat(MutationShard.chainable(killed, List.of(sibling))).isEmpty();
    }

    @Test
    void backendChangesRepositoryPatchesAndTheStateBucketGoBackToTheBaselineFirst() throws Exception {
        Mutant backend = mutant("STATE-02", "backend_override.tf");
        Mutant patch = mutant("STATE-01", "gitignore.patch");
        Mutant plain = mutant("IAM-01", "m_override.tf");
        Mutant bucket = mutant("STATE-02", "bucket.tf");
        Files.writeString(
                bucket.files().get(0),
                "resource \"aws_s3_bucket_public_access_block\" \"m\" {\n  bucket = \"${var.name_prefix}-tfstate\"\n}\n");
        assertThat(MutationShard.chainable(new MutationShard.InPlace(bucket, List.of(), 0), List.of(plain)))
                .isEmpty();
        assertThat(backend.changesBackend())
                .as("the fixture is a backend mutant")
                .isTrue();
        assertThat(patch.patches()).as("the fixture is a patch mutant").isNotEmpty();
        var afterBackend = new MutationShard.InPlace(backend, List.of(), 0);
        var afterPatch = new MutationShard.InPlace(patch, List.of(), 0);
        var afterPlain = new MutationShard.InPlace(plain, List.of(), 0);
        assertThat(MutationShard.chainable(afterBackend, List.of(plain))).isEmpty();
        assertThat(MutationShard.chainable(afterPatch, List.of(plain))).isEmpty();
        assertThat(MutationShard.chainable(afterPlain, List.of(backend, patch))).isEmpty();
    }
}
