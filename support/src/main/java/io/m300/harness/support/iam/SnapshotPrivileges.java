package io.m300.harness.support.iam;

import io.m300.harness.support.aws.Database;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a snapshot function's role must allow (IAM-04), for the databases it snapshots: the
 * instance actions ({@code rds:CreateDBSnapshot}, {@code rds:DescribeDBInstances}) for a DB
 * instance, their cluster counterparts ({@code rds:CreateDBClusterSnapshot},
 * {@code rds:DescribeDBClusters}) for an Aurora cluster, on those databases and their snapshots.
 */
public final class SnapshotPrivileges {

    /** Instance action -> the cluster action that does the same for a DB cluster. */
    private static final Map<String, String> CLUSTER_COUNTERPART = Map.of(
            "rds:CreateDBSnapshot", "rds:CreateDBClusterSnapshot",
            "rds:DescribeDBInstances", "rds:DescribeDBClusters",
            "rds:DescribeDBSnapshots", "rds:DescribeDBClusterSnapshots");

    /** Every RDS action a snapshot function may be given, whose resources are judged. */
    public static final List<String> DATABASE_ACTIONS = List.of(
            "rds:CreateDBSnapshot",
            "rds:DescribeDBInstances",
            "rds:CreateDBClusterSnapshot",
            "rds:DescribeDBClusters",
            "rds:AddTagsToResource");

    private SnapshotPrivileges() {}

    /**
     * The databases a function snapshots: those its environment names (by identifier), and those
     * its role may take snapshots of. Empty means it is no snapshot function of these databases.
     */
    public static List<Database> snapshotted(
            Map<String, String> environment, List<PolicyDocument> rolePolicies, Collection<Database> dbs) {
        List<Database> out = new ArrayList<>();
        for (Database db : dbs) {
            if (environment.containsValue(db.identifier())
                    || PolicyAnalysis.allows(rolePolicies, db.snapshotAction(), db.arn())) {
                out.add(db);
            }
        }
        return out;
    }

    /**
     * The actions the scenario names ({@code required}, written for a DB instance) as they apply to
     * the databases the function snapshots: instance actions stay for an instance, become their
     * cluster counterparts for a cluster, both when it snapshots both kinds.
     */
    public static Set<String> forDatabases(Set<String> required, Collection<Database> dbs) {
        boolean instances = dbs.isEmpty() || dbs.stream().anyMatch(d -> !d.cluster());
        boolean clusters = dbs.stream().anyMatch(Database::cluster);
        Set<String> out = new LinkedHashSet<>();
        for (String a : required) {
            String counterpart = CLUSTER_COUNTERPART.get(a);
            if (counterpart == null || instances) {
                out.add(a);
            }
            if (counterpart != null && clusters) {
                out.add(counterpart);
            }
        }
        return out;
    }

    /** The resources the database actions may name: each database's ARN and the ARNs of its manual snapshots. */
    public static List<String> allowedResources(Collection<Database> dbs) {
        List<String> out = new ArrayList<>();
        for (Database db : dbs) {
            out.add(db.arn());
            out.add(db.snapshotArnPattern());
        }
        return out;
    }
}
