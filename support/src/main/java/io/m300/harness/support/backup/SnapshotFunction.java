package io.m300.harness.support.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m300.harness.support.aws.Database;
import io.m300.harness.support.iam.PolicyAnalysis;
import io.m300.harness.support.iam.PolicyDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a scheduled function really makes the snapshots of a database (DATA-03): its
 * environment names the database (its instance or cluster identifier), and the role it runs
 * under may take that database's snapshots ({@code rds:CreateDBSnapshot} on the instance, or
 * {@code rds:CreateDBClusterSnapshot} on the cluster). A function that only names the database,
 * or only may snapshot it, is not its backup.
 */
public final class SnapshotFunction {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SnapshotFunction() {}

    /** The environment entries whose value is the database's identifier. */
    public static List<String> entriesNaming(Map<String, String> environment, Database db) {
        return environment.entrySet().stream()
                .filter(e -> db.identifier().equals(e.getValue()))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /**
     * Why the function does not make the database's snapshots; empty when it does.
     *
     * @param function     the function's name, for the findings
     * @param environment  its environment variables (from Lambda)
     * @param rolePolicies every policy of the role it runs under (from IAM)
     */
    public static List<String> problems(
            String function, Map<String, String> environment, List<PolicyDocument> rolePolicies, Database db) {
        List<String> problems = new ArrayList<>();
        if (entriesNaming(environment, db).isEmpty()) {
            problems.add(function + ": its environment " + environment.keySet() + " does not name " + db.label());
        }
        if (!PolicyAnalysis.allows(rolePolicies, db.snapshotAction(), db.arn())) {
            problems.add(function + ": its role may not " + db.snapshotAction() + " on " + db.arn());
        }
        return problems;
    }

    /**
     * The snapshot a backup function says it took: the {@code snapshot_id} of its answer
     * ({@code {"snapshot_id": ..., "status": ..., "encrypted": ..., "kms_key_id": ...}}).
     *
     * @throws AssertionError when the answer is not JSON or names no snapshot
     */
    public static String snapshotId(String payload) {
        try {
            String id = MAPPER.readTree(payload).path("snapshot_id").asText("");
            if (id.isEmpty()) {
                throw new AssertionError("the backup function answered without a snapshot_id: " + payload);
            }
            return id;
        } catch (JsonProcessingException e) {
            throw new AssertionError("the backup function answered with something that is not JSON: " + payload, e);
        }
    }
}
