package io.m300.harness.support.aws;

import software.amazon.awssdk.services.rds.model.DBSnapshot;
import java.util.Optional;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/** RDS as the harness reads it: the one place that calls the SDK for RDS. */
public final class RdsReader {

    private final AwsClients aws;

    public RdsReader(AwsClients aws) {
        this.aws = aws;
    }

    /** The DB instance with this identifier, or empty when RDS does not know it. */
    public Optional<DBInstance> instance(String identifier) {
        try {
            return aws.rds().describeDBInstances(r -> r.dbInstanceIdentifier(identifier)).dbInstances().stream().findFirst();
        } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Takes a manual snapshot of the instance (the harness's own DATA-02 snapshot; deleted again after the scenario). */
    public void createSnapshot(String instanceIdentifier, String snapshotIdentifier) {
        aws.rds().createDBSnapshot(r -> r.dbInstanceIdentifier(instanceIdentifier).dbSnapshotIdentifier(snapshotIdentifier));
    }

    /** The snapshot with this identifier (the first one RDS lists). */
    public DBSnapshot snapshot(String snapshotIdentifier) {
        return aws.rds().describeDBSnapshots(r -> r.dbSnapshotIdentifier(snapshotIdentifier)).dbSnapshots().get(0);
    }

    /** Deletes a snapshot the harness took. */
    public void deleteSnapshot(String snapshotIdentifier) {
        aws.rds().deleteDBSnapshot(r -> r.dbSnapshotIdentifier(snapshotIdentifier));
    }
}
