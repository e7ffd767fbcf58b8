package io.m300.harness.support.aws.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.stack.TaggedResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One description per resource type: every Terraform type that {@code infra/} (its mutants
 * included) and {@code fixtures/} declare has one, and each description is whole.
 */
class ResourceTypesTest {

    private static final Pattern RESOURCE = Pattern.compile("^\\s*resource\\s+\"([a-z0-9_]+)\"", Pattern.MULTILINE);

    /** The managed resource types declared in the .tf files under the folders. */
    static Set<String> declaredTypes(List<Path> roots) {
        Set<String> used = new TreeSet<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".tf")).toList()) {
                    used.addAll(declaredTypes(Files.readString(f)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return used;
    }

    static Set<String> declaredTypes(String tf) {
        Set<String> used = new TreeSet<>();
        Matcher m = RESOURCE.matcher(tf);
        while (m.find()) {
            used.add(m.group(1));
        }
        return used;
    }

    @Test
    void everyTypeThatInfraAndTheFixturesDeclareHasADescription() {
        Set<String> used = declaredTypes(List.of(Path.of("..", "infra"), Path.of("..", "fixtures")));
        assertThat(used)
                .as("resource types in infra/ and fixtures/")
                .contains("aws_vpc", "aws_db_instance", "aws_ecs_service");
        assertThat(ResourceTypes.undescribed(used))
                .as(
                        "resource types of infra/ or fixtures/ without a description in support/.../aws/types (add one to "
                                + "NetworkTypes, WorkloadTypes or PlatformTypes: how to list, look up and delete it, and the IAM actions)")
                .isEmpty();
    }

    /** What infra/ itself deploys (the nightly deploys nothing else) is swept: never "not swept". */
    @Test
    void everyTypeOfInfraItselfIsSwept() throws IOException {
        Set<String> infra = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("..", "infra"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tf")).toList()) {
                infra.addAll(declaredTypes(Files.readString(f)));
            }
        }
        assertThat(infra).contains("aws_ecs_cluster", "aws_cloudwatch_log_group");
        assertThat(infra.stream()
                        .filter(t -> ResourceTypes.of(t)
                                .map(d -> d.tracking() instanceof Tracking.NotSwept)
                                .orElse(false))
                        .toList())
                .as("types of infra/ described as not swept (the nightly deploys them: the sweeper must delete them)")
                .isEmpty();
    }

    @Test
    void aTypeWithoutADescriptionIsNamed() {
        Set<String> used = declaredTypes("""
                resource "aws_vpc" "main" {}
                  resource "aws_dynamodb_table" "locks" {
                data "aws_region" "here" {}
                """);
        assertThat(used).containsExactly("aws_dynamodb_table", "aws_vpc");
        assertThat(ResourceTypes.undescribed(used)).containsExactly("aws_dynamodb_table");
    }

    @Test
    void everyTaggedKindIsListedByTheWalker() {
        ResourceTypes.all().forEach(t -> {
            if (t.tracking() instanceof Tracking.Tagged tagged) {
                assertThat(TaggedResources.LISTED)
                        .as("kinds the walker lists (%s is tagged as %s)", t.terraformType(), tagged.kind_())
                        .contains(tagged.kind_());
            }
        });
    }

    @Test
    void everyTypeWithoutAKindOfItsOwnNamesADescribedParent() {
        ResourceTypes.all().forEach(t -> {
            if (t.tracking() instanceof Tracking.WithParent p) {
                assertThat(ResourceTypes.of(p.parentType()))
                        .as("the parent of %s", t.terraformType())
                        .isPresent();
                assertThat(ResourceTypes.of(p.parentType()).orElseThrow().tracking())
                        .as("the parent of %s, %s", t.terraformType(), p.parentType())
                        .isNotInstanceOf(Tracking.WithParent.class);
            }
        });
    }

    @Test
    void everyDescriptionNamesTheActionsOfItsLookupAndOfItsListingAndDeletion() {
        for (ResourceType t : ResourceTypes.all()) {
            assertThat(t.actions().exists())
                    .as("actions of the lookup of %s", t.terraformType())
                    .isNotEmpty();
            if (t.tracking().kind().isPresent()) {
                assertThat(t.actions().list())
                        .as("actions that list %s", t.terraformType())
                        .isNotEmpty();
                assertThat(t.actions().delete())
                        .as("actions that delete %s", t.terraformType())
                        .isNotEmpty();
            }
            assertThat(t.actions().all())
                    .as("IAM actions of %s", t.terraformType())
                    .allMatch(a -> a.matches("[a-z0-9-]+:[A-Za-z0-9]+"));
        }
        assertThat(ResourceTypes.actions())
                .contains("ec2:DescribeTags", "acm:ListCertificates", "rds:DeleteDBInstance", "logs:DeleteLogGroup");
    }
}
