package io.m300.harness.support.aws;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.Filter;

/** RDS as the harness reads it: the one place that calls the SDK for RDS. */
public final class RdsReader {

    private final AwsClients aws;

    private final RdsClient client;

    public RdsReader(AwsClients aws) {
        this.aws = aws;
        this.client = null;
    }

    /** Reads through this client (tests inject answers into it). */
    public RdsReader(RdsClient client) {
        this.aws = null;
        this.client = client;
    }

    private RdsClient rds() {
        return client != null ? client : aws.rds();
    }

    /** The DB instance with this identifier, or empty when RDS does not know it. */
    public Optional<DBInstance> instance(String identifier) {
        try {
            return aws.rds().describeDBInstances(r -> r.dbInstanceIdentifier(identifier)).dbInstances().stream()
                    .findFirst();
        } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Takes a manual snapshot of the instance (the harness's own DATA-02 snapshot; deleted again after the scenario). */
    public void createSnapshot(String instanceIdentifier, String snapshotIdentifier) {
        aws.rds()
                .createDBSnapshot(
                        r -> r.dbInstanceIdentifier(instanceIdentifier).dbSnapshotIdentifier(snapshotIdentifier));
    }

    /** The snapshot with this identifier (the first one RDS lists). */
    public DBSnapshot snapshot(String snapshotIdentifier) {
        return aws.rds()
                .describeDBSnapshots(r -> r.dbSnapshotIdentifier(snapshotIdentifier))
                .dbSnapshots()
                .get(0);
    }

    /** Deletes a snapshot the harness took. */
    public void deleteSnapshot(String snapshotIdentifier) {
        aws.rds().deleteDBSnapshot(r -> r.dbSnapshotIdentifier(snapshotIdentifier));
    }

    /** The DB cluster (Aurora) with this identifier, or empty when RDS does not know it. */
    public Optional<DBCluster> cluster(String identifier) {
        return AwsCalls.readIfExists(
                        "rds.DescribeDBClusters",
                        () -> rds().describeDBClusters(r -> r.dbClusterIdentifier(identifier))
                                .dbClusters(),
                        AwsCalls.code("DBClusterNotFoundFault").or(e -> e instanceof DbClusterNotFoundException))
                .flatMap(l -> l.stream().findFirst());
    }

    /** The DB instances that belong to this cluster (DescribeDBInstances filtered by db-cluster-id). */
    public List<DBInstance> clusterInstances(String clusterIdentifier) {
        return AwsCalls.read(
                        "rds.DescribeDBInstances",
                        () -> rds().describeDBInstances(r -> r.filters(Filter.builder()
                                        .name("db-cluster-id")
                                        .values(clusterIdentifier)
                                        .build()))
                                .dbInstances())
                .stream()
                .filter(i -> clusterIdentifier.equals(i.dbClusterIdentifier()))
                .toList();
    }

    /** The DB subnet group with this name, or empty when RDS does not know it. */
    public Optional<DBSubnetGroup> subnetGroup(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        return AwsCalls.readIfExists(
                        "rds.DescribeDBSubnetGroups",
                        () -> rds().describeDBSubnetGroups(r -> r.dbSubnetGroupName(name))
                                .dbSubnetGroups(),
                        AwsCalls.code("DBSubnetGroupNotFoundFault")
                                .or(e -> e instanceof DbSubnetGroupNotFoundException))
                .flatMap(l -> l.stream().findFirst());
    }

    /** The DB instance as a {@link Database}; empty when RDS does not know it. */
    public Optional<Database> instanceDatabase(String identifier) {
        return instance(identifier).map(Database::of);
    }

    /** The cluster with its instances and subnet group as one {@link Database}; empty when RDS does not know it. */
    public Optional<Database> clusterDatabase(String identifier) {
        return cluster(identifier)
                .map(c -> Database.of(c, subnetGroup(c.dbSubnetGroup()).orElse(null), clusterInstances(identifier)));
    }

    /** Takes a manual snapshot of the cluster (the harness's own DATA-02 snapshot; deleted again after the scenario). */
    public void createClusterSnapshot(String clusterIdentifier, String snapshotIdentifier) {
        AwsCalls.read(
                "rds.CreateDBClusterSnapshot",
                () -> rds().createDBClusterSnapshot(r ->
                        r.dbClusterIdentifier(clusterIdentifier).dbClusterSnapshotIdentifier(snapshotIdentifier)));
    }

    /** The cluster snapshot with this identifier (the first one RDS lists). */
    public DBClusterSnapshot clusterSnapshot(String snapshotIdentifier) {
        return AwsCalls.read(
                "rds.DescribeDBClusterSnapshots",
                () -> rds().describeDBClusterSnapshots(r -> r.dbClusterSnapshotIdentifier(snapshotIdentifier))
                        .dbClusterSnapshots()
                        .get(0));
    }

    /**
     * The database a snapshot (by identifier) was taken of: the instance of a DB snapshot, else the
     * cluster of a DB cluster snapshot; empty when RDS knows neither snapshot.
     */
    public Optional<String> snapshotSource(String snapshotIdentifier) {
        var instance = AwsCalls.readIfExists(
                        "rds.DescribeDBSnapshots",
                        () -> rds().describeDBSnapshots(r -> r.dbSnapshotIdentifier(snapshotIdentifier))
                                .dbSnapshots(),
                        AwsCalls.code("DBSnapshotNotFound").or(e -> e instanceof DbSnapshotNotFoundException))
                .flatMap(l -> l.stream().findFirst())
                .map(DBSnapshot::dbInstanceIdentifier);
        if (instance.isPresent()) {
            return instance;
        }
        return AwsCalls.readIfExists(
                        "rds.DescribeDBClusterSnapshots",
                        () -> rds().describeDBClusterSnapshots(r -> r.dbClusterSnapshotIdentifier(snapshotIdentifier))
                                .dbClusterSnapshots(),
                        AwsCalls.code("DBClusterSnapshotNotFoundFault")
                                .or(e -> e instanceof DbClusterSnapshotNotFoundException))
                .flatMap(l -> l.stream().findFirst())
                .map(DBClusterSnapshot::dbClusterIdentifier);
    }

    /** Deletes a cluster snapshot the harness took. */
    public void deleteClusterSnapshot(String snapshotIdentifier) {
        AwsCalls.read(
                "rds.DeleteDBClusterSnapshot",
                () -> rds().deleteDBClusterSnapshot(r -> r.dbClusterSnapshotIdentifier(snapshotIdentifier)));
    }
}
