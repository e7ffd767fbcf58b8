package io.m300.harness.support.aws;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.Subnet;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * One database of the stack as RDS describes it: a standalone DB instance, or an Aurora cluster
 * together with its instances (the cluster holds the storage, key, backups and security groups;
 * each instance has its own network exposure). Every database control judges this shape, so an
 * Aurora cluster is never "nothing to check".
 *
 * @param cluster            true for an Aurora (or Multi-AZ) DB cluster
 * @param identifier         the DB instance identifier, or the DB cluster identifier
 * @param arn                the instance's or the cluster's ARN
 * @param members            for a cluster: its instances' identifiers (empty for an instance)
 * @param publicMembers      the identifiers (the instance itself, or the cluster's instances) that are PubliclyAccessible
 * @param subnets            every subnet of the subnet groups of the database and its instances
 * @param vpcId              the VPC of its subnet group, or null when RDS names none
 * @param securityGroups     every VPC security group of the database (and of each cluster instance)
 * @param port               the port it listens on (null when RDS does not say)
 * @param storageEncrypted   StorageEncrypted as RDS reports it
 * @param kmsKeyId           the KmsKeyId as RDS reports it (may be a bare key ID on an emulator)
 * @param backupRetention    BackupRetentionPeriod in days
 */
public record Database(
        boolean cluster,
        String identifier,
        String arn,
        List<String> members,
        List<String> publicMembers,
        List<String> subnets,
        String vpcId,
        List<String> securityGroups,
        Integer port,
        Boolean storageEncrypted,
        String kmsKeyId,
        Integer backupRetention) {

    public Database {
        members = List.copyOf(members);
        publicMembers = List.copyOf(publicMembers);
        subnets = List.copyOf(subnets);
        securityGroups = List.copyOf(securityGroups);
    }

    /** A standalone DB instance (not part of a cluster). */
    public static Database of(DBInstance db) {
        return new Database(
                false,
                db.dbInstanceIdentifier(),
                db.dbInstanceArn(),
                List.of(),
                Boolean.TRUE.equals(db.publiclyAccessible()) ? List.of(db.dbInstanceIdentifier()) : List.of(),
                subnetsOf(db.dbSubnetGroup()),
                db.dbSubnetGroup() == null ? null : db.dbSubnetGroup().vpcId(),
                groupsOf(db.vpcSecurityGroups()),
                db.endpoint() != null && db.endpoint().port() != null
                        ? db.endpoint().port()
                        : db.dbInstancePort(),
                db.storageEncrypted(),
                db.kmsKeyId(),
                db.backupRetentionPeriod());
    }

    /**
     * A DB cluster with its instances ({@code instances}, as DescribeDBInstances returns them) and
     * its subnet group ({@code subnetGroup}, from DescribeDBSubnetGroups; null when RDS has none).
     */
    public static Database of(DBCluster c, DBSubnetGroup subnetGroup, List<DBInstance> instances) {
        Set<String> subnets = new LinkedHashSet<>(subnetsOf(subnetGroup));
        Set<String> groups = new LinkedHashSet<>(groupsOf(c.vpcSecurityGroups()));
        List<String> members = new ArrayList<>();
        List<String> open = new ArrayList<>();
        String vpc = subnetGroup == null ? null : subnetGroup.vpcId();
        for (DBInstance i : instances) {
            members.add(i.dbInstanceIdentifier());
            if (Boolean.TRUE.equals(i.publiclyAccessible())) {
                open.add(i.dbInstanceIdentifier());
            }
            subnets.addAll(subnetsOf(i.dbSubnetGroup()));
            groups.addAll(groupsOf(i.vpcSecurityGroups()));
            if (vpc == null && i.dbSubnetGroup() != null) {
                vpc = i.dbSubnetGroup().vpcId();
            }
        }
        return new Database(
                true,
                c.dbClusterIdentifier(),
                c.dbClusterArn(),
                members,
                open,
                new ArrayList<>(subnets),
                vpc,
                new ArrayList<>(groups),
                c.port(),
                c.storageEncrypted(),
                c.kmsKeyId(),
                c.backupRetentionPeriod());
    }

    /** For evidence and findings: "database x" or "Aurora cluster x (instances a, b)". */
    public String label() {
        return cluster
                ? "DB cluster " + identifier + " (instances "
                        + (members.isEmpty() ? "none" : String.join(", ", members)) + ")"
                : "database " + identifier;
    }

    /** True when the database or one of its instances is PubliclyAccessible. */
    public boolean publiclyAccessible() {
        return !publicMembers.isEmpty();
    }

    /** The ARN pattern of the manual snapshots named after it ({@code ...:snapshot:<id>-*} or {@code ...:cluster-snapshot:<id>-*}). */
    public String snapshotArnPattern() {
        Arn parsed = Arn.fromString(arn);
        String kind = cluster ? "cluster-snapshot:" : "snapshot:";
        return parsed.toBuilder()
                .resource(kind + parsed.resource().resource() + "-*")
                .build()
                .toString();
    }

    /** The IAM action that takes a manual snapshot of it. */
    public String snapshotAction() {
        return cluster ? "rds:CreateDBClusterSnapshot" : "rds:CreateDBSnapshot";
    }

    /** The IAM action that describes it. */
    public String describeAction() {
        return cluster ? "rds:DescribeDBClusters" : "rds:DescribeDBInstances";
    }

    /** The CloudWatch dimension that names it in AWS/RDS. */
    public String metricDimension() {
        return cluster ? "DBClusterIdentifier" : "DBInstanceIdentifier";
    }

    private static List<String> subnetsOf(DBSubnetGroup g) {
        return g == null
                ? List.of()
                : g.subnets().stream().map(Subnet::subnetIdentifier).toList();
    }

    private static List<String> groupsOf(List<VpcSecurityGroupMembership> groups) {
        return groups.stream()
                .map(VpcSecurityGroupMembership::vpcSecurityGroupId)
                .toList();
    }
}
