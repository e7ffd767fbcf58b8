package io.m300.harness.support.iam.authz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.m300.harness.support.iam.PolicyDocument;
import io.m300.harness.support.iam.RolePolicyCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Name-scoped statements (resources named {@code m300n*}) also require the run tag wherever the service
 * supports {@code aws:ResourceTag} for the resource type the action authorizes (judged with the
 * reference): a name alone would let the role change what someone else named like a run's. Reads,
 * creates (the resource has no tags yet) and the listed exceptions, each with its reason, excepted.
 */
class NameScopedStatementsTest {

    private static final String S3 =
            "S3 evaluates aws:ResourceTag only on buckets with attribute-based access control turned on, "
                    + "and the sweeper empties buckets an emulator run created (the state bucket of a sandbox is not m300n*)";

    /** Each exception and why the tag cannot be required there. */
    private static final Map<String, String> EXCEPTIONS = Map.ofEntries(
            Map.entry("s3:DeleteObject", S3),
            Map.entry("s3:DeleteObjectVersion", S3),
            Map.entry("s3:DeleteBucket", S3),
            Map.entry("rds:DeleteDBSnapshot", "the harness's own check snapshot (DP-04) is created without tags"),
            Map.entry(
                    "rds:CreateDBSnapshot", "creates the snapshot (the database it is taken of is judged by its tag)"),
            Map.entry(
                    "rds:DeleteDBClusterSnapshot",
                    "the harness's own check snapshot of an Aurora cluster (DATA-02) is created without tags"),
            Map.entry(
                    "rds:CreateDBClusterSnapshot",
                    "creates the cluster snapshot (the cluster it is taken of is judged by its tag)"),
            Map.entry(
                    "iam:TagRole",
                    "IAM has no creation-time key: CreateRole with tags needs iam:TagRole on the role being created"),
            Map.entry("sns:Unsubscribe", "acts on a subscription, which has no tags"),
            Map.entry("sns:SetSubscriptionAttributes", "acts on a subscription, which has no tags"),
            Map.entry(
                    "kms:CreateAlias",
                    "the alias has no tags; the key it points to is judged by its tag (statement ChangeAndDelete...)"),
            Map.entry(
                    "kms:DeleteAlias",
                    "the alias has no tags; the key it points to is judged by its tag (statement ChangeAndDelete...)"));

    @Test
    void everyNameScopedWriteRequiresTheRunTagWhereTheServiceSupportsIt() {
        ServiceReference reference = TestReference.model().reference();
        PolicyDocument doc = PolicyDocument.parse(
                "nightly",
                RolePolicyCheck.merged(RolePolicies.read(Path.of("..", ".github", "nightly-role"))
                        .texts()));
        List<String> missing = new ArrayList<>();
        for (PolicyDocument.Statement s : doc.statements()) {
            boolean named = !s.resources().isEmpty() && s.resources().stream().allMatch(r -> r.contains("m300n"));
            boolean tagged = s.conditions().values().stream()
                    .anyMatch(m -> m.keySet().stream()
                            .anyMatch(k -> k.startsWith("aws:ResourceTag/") || k.startsWith("aws:RequestTag/")));
            if (!s.isAllow() || !named || tagged) {
                continue;
            }
            for (String action : s.actions()) {
                var def = reference
                        .action(action)
                        .orElseThrow(() -> new AssertionError(action + " is not in the reference"));
                String level = accessLevel(reference, action);
                if (Set.of("Read", "List").contains(level) || EXCEPTIONS.containsKey(action)) {
                    continue;
                }
                boolean supportsResourceTag =
                        def.conditionKeys().stream().anyMatch(k -> k.startsWith("aws:ResourceTag"))
                                || def.resourceTypes().stream()
                                        .anyMatch(row -> row.conditionKeys().stream()
                                                        .anyMatch(k -> k.startsWith("aws:ResourceTag"))
                                                || reference
                                                        .resourceType(def.service(), row.name())
                                                        .map(t -> t.conditionKeys().stream()
                                                                .anyMatch(k -> k.startsWith("aws:ResourceTag")))
                                                        .orElse(false));
                if (supportsResourceTag) {
                    missing.add(action + " (" + s.sid() + ", " + level + ")");
                }
            }
        }
        assertThat(missing)
                .as("name-scoped writes without a tag condition where the reference supports aws:ResourceTag")
                .isEmpty();
    }

    private static String accessLevel(ServiceReference reference, String action) {
        try {
            var node = new ObjectMapper()
                    .readTree(reference
                            .dataDir()
                            .resolve("actions")
                            .resolve(action.substring(0, action.indexOf(':')) + ".json")
                            .toFile());
            return node.path(action.substring(action.indexOf(':') + 1).toLowerCase(Locale.ROOT))
                    .path("accessLevel")
                    .asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
