package io.m300.harness.support.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.m300.harness.support.aws.Database;
import io.m300.harness.support.aws.DatabaseTest;
import io.m300.harness.support.iam.PolicyDocument;
import io.m300.harness.support.iam.SnapshotPrivileges;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** DATA-03 and IAM-04 find the function that really takes a database's snapshots. */
class SnapshotFunctionTest {

    static PolicyDocument allow(String action, String resource) {
        return PolicyDocument.parse(
                "inline policy backup",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action
                        + "\",\"Resource\":\"" + resource + "\"}]}");
    }

    static final Database DB = DatabaseTest.instance("m300-db");
    static final Database AURORA = DatabaseTest.cluster("m300-aurora", true, false);

    @Test
    void aFunctionThatOnlyNamesTheDatabaseIsNotItsBackup() {
        // bad case first: a reporting function whose environment names the database, but whose role may not snapshot it
        List<String> problems = SnapshotFunction.problems(
                "report", Map.of("DB", "m300-db"), List.of(allow("rds:DescribeDBInstances", "*")), DB);
        assertThat(problems).singleElement().asString().contains("may not rds:CreateDBSnapshot");
    }

    @Test
    void aFunctionThatMaySnapshotButNamesAnotherDatabaseIsNotItsBackup() {
        List<String> problems = SnapshotFunction.problems(
                "backup", Map.of("DB", "other-db"), List.of(allow("rds:CreateDBSnapshot", "*")), DB);
        assertThat(problems).singleElement().asString().contains("does not name database m300-db");
    }

    @Test
    void theBackupFunctionOfAnInstanceAndOfAClusterPass() {
        assertThat(SnapshotFunction.problems(
                        "backup",
                        Map.of("DB_INSTANCE_IDENTIFIER", "m300-db"),
                        List.of(allow("rds:CreateDBSnapshot", DB.arn())),
                        DB))
                .isEmpty();
        assertThat(SnapshotFunction.problems(
                        "backup",
                        Map.of("CLUSTER", "m300-aurora"),
                        List.of(allow("rds:CreateDBClusterSnapshot", AURORA.arn())),
                        AURORA))
                .isEmpty();
        // the instance action does not snapshot a cluster
        assertThat(SnapshotFunction.problems(
                        "backup",
                        Map.of("CLUSTER", "m300-aurora"),
                        List.of(allow("rds:CreateDBSnapshot", "*")),
                        AURORA))
                .hasSize(1);
    }

    @Test
    void clusterFunctionsNeedTheClusterActionsOnTheClusterAndItsSnapshots() {
        Set<String> named = Set.of("rds:CreateDBSnapshot", "rds:DescribeDBInstances", "logs:PutLogEvents");
        assertThat(SnapshotPrivileges.forDatabases(named, List.of(AURORA)))
                .containsExactlyInAnyOrder(
                        "rds:CreateDBClusterSnapshot", "rds:DescribeDBClusters", "logs:PutLogEvents");
        assertThat(SnapshotPrivileges.forDatabases(named, List.of(DB))).isEqualTo(named);
        assertThat(SnapshotPrivileges.forDatabases(named, List.of(DB, AURORA))).hasSize(5);
        assertThat(SnapshotPrivileges.allowedResources(List.of(AURORA)))
                .containsExactly(AURORA.arn(), "arn:aws:rds:eu-central-1:123456789012:cluster-snapshot:m300-aurora-*");
    }

    @Test
    void theSnapshottedDatabasesAreThoseNamedOrThoseTheRoleMaySnapshot() {
        assertThat(SnapshotPrivileges.snapshotted(
                        Map.of(), List.of(allow("rds:CreateDBClusterSnapshot", AURORA.arn())), List.of(DB, AURORA)))
                .containsExactly(AURORA);
        assertThat(SnapshotPrivileges.snapshotted(Map.of("X", "m300-db"), List.of(), List.of(DB, AURORA)))
                .containsExactly(DB);
        assertThat(SnapshotPrivileges.snapshotted(Map.of(), List.of(), List.of(DB, AURORA)))
                .isEmpty();
    }

    @Test
    void readsTheSnapshotIdTheBackupFunctionReturns() {
        assertThat(
                        SnapshotFunction.snapshotId(
                                "{\"snapshot_id\":\"m300-x-db-20261127t0800\",\"status\":\"creating\",\"encrypted\":true,\"kms_key_id\":\"k\"}"))
                .isEqualTo("m300-x-db-20261127t0800");
    }

    @Test
    void anAnswerWithoutASnapshotFails() {
        assertThatThrownBy(() -> SnapshotFunction.snapshotId("{\"errorMessage\":\"AccessDenied\"}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("without a snapshot_id");
        assertThatThrownBy(() -> SnapshotFunction.snapshotId("<html>Bad Gateway</html>"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("not JSON");
    }
}
