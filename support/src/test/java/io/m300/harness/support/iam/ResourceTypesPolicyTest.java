package io.m300.harness.support.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.aws.types.ResourceType;
import io.m300.harness.support.aws.types.ResourceTypes;
import io.m300.harness.support.aws.types.Tracking;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The nightly role grants what the resource-type descriptions say each type needs: the listings
 * on every resource (the walker reads every resource's tags before it knows which are the run's),
 * the teardown check's lookups of what infra/ deploys, and the deletions of every type the sweeper
 * sweeps. A type added to infra/ with a description whose actions the role lacks fails here.
 */
class ResourceTypesPolicyTest {

    /** Where a run's resources live (a delete is granted on the run's names or tags, not on every resource). */
    private static final List<String> RUN_RESOURCES = List.of(
            "*",
            "arn:aws:ec2:REGION:ACCOUNT_ID:vpc/vpc-1",
            "arn:aws:ec2:REGION:ACCOUNT_ID:security-group/sg-1",
            "arn:aws:iam::ACCOUNT_ID:role/m300n123-a1-task",
            "arn:aws:iam::ACCOUNT_ID:policy/m300n123-a1-x",
            "arn:aws:lambda:REGION:ACCOUNT_ID:function:m300n123-a1-snapshot",
            "arn:aws:events:REGION:ACCOUNT_ID:rule/m300n123-a1-x",
            "arn:aws:sns:REGION:ACCOUNT_ID:m300n123-a1-alerts",
            "arn:aws:sqs:REGION:ACCOUNT_ID:m300n123-a1-probe",
            "arn:aws:ssm:REGION:ACCOUNT_ID:parameter/m300n123-a1/db/password",
            "arn:aws:kms:REGION:ACCOUNT_ID:key/k-1",
            "arn:aws:logs:REGION:ACCOUNT_ID:log-group:/aws/ecs/containerinsights/m300n123-a1-cluster/performance",
            "arn:aws:rds:REGION:ACCOUNT_ID:db:m300n123-a1-db",
            "arn:aws:rds:REGION:ACCOUNT_ID:snapshot:m300n123-a1-db-harness-1",
            "arn:aws:s3:::m300n123-a1-x");

    /** The types the nightly deploys (infra/ itself, not its mutants): the teardown check looks these up in an account. */
    private static Set<String> infraTypes() throws IOException {
        Set<String> types = new TreeSet<>();
        Pattern resource = Pattern.compile("^\\s*resource\\s+\"([a-z0-9_]+)\"", Pattern.MULTILINE);
        try (Stream<Path> files = Files.list(Path.of("..", "infra"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tf")).toList()) {
                Matcher m = resource.matcher(Files.readString(f));
                while (m.find()) {
                    types.add(m.group(1));
                }
            }
        }
        return types;
    }

    private static boolean allowedOnARunsResource(List<PolicyDocument> docs, String action) {
        return RUN_RESOURCES.stream().anyMatch(r -> PolicyAnalysis.allows(docs, action, r));
    }

    @Test
    void grantsWhatEveryDescriptionNeeds() throws Exception {
        List<PolicyDocument> docs = List.of(NightlyRolePolicyTest.policy());
        Set<String> infra = infraTypes();
        assertThat(infra).contains("aws_vpc", "aws_db_instance");
        List<String> missing = new ArrayList<>();
        for (ResourceType t : ResourceTypes.all()) {
            t.actions().list().stream()
                    .filter(a -> !PolicyAnalysis.allows(docs, a, "*"))
                    .forEach(a -> missing.add(t.terraformType() + " lists with " + a + " (on every resource)"));
            t.actions().exists().stream()
                    .filter(a -> infra.contains(t.terraformType()) && !allowedOnARunsResource(docs, a))
                    .forEach(a -> missing.add(t.terraformType() + " is looked up with " + a));
            if (!(t.tracking() instanceof Tracking.NotSwept)) {
                t.actions().delete().stream()
                        .filter(a -> !allowedOnARunsResource(docs, a))
                        .forEach(a -> missing.add(t.terraformType() + " is deleted with " + a));
            }
        }
        assertThat(missing)
                .as("actions of the resource-type descriptions (support/.../aws/types) the nightly role does not grant")
                .isEmpty();
    }
}
