package io.m300.harness.support.aws;

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
}
