package io.m300.harness.support.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.Subnet;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/** An Aurora cluster is one database with its instances: its exposure is any instance's, its groups and subnets all of theirs. */
public class DatabaseTest {

    static DBSubnetGroup group(String vpc, String... subnets) {
        return DBSubnetGroup.builder()
                .vpcId(vpc)
                .subnets(Arrays.stream(subnets)
                        .map(s -> Subnet.builder().subnetIdentifier(s).build())
                        .toList())
                .build();
    }

    static VpcSecurityGroupMembership sg(String id) {
        return VpcSecurityGroupMembership.builder().vpcSecurityGroupId(id).build();
    }

    public static Database cluster(String id, boolean encrypted, boolean publicMember) {
        DBCluster c = DBCluster.builder()
                .dbClusterIdentifier(id)
                .dbClusterArn("arn:aws:rds:eu-central-1:123456789012:cluster:" + id)
                .storageEncrypted(encrypted)
                .kmsKeyId("key-1")
                .port(3306)
                .backupRetentionPeriod(7)
                .vpcSecurityGroups(sg("sg-db"))
                .build();
        DBInstance writer = DBInstance.builder()
                .dbInstanceIdentifier(id + "-1")
                .dbClusterIdentifier(id)
                .publiclyAccessible(false)
                .dbSubnetGroup(group("vpc-1", "subnet-a", "subnet-b"))
                .vpcSecurityGroups(sg("sg-db"))
                .build();
        DBInstance reader = writer.toBuilder()
                .dbInstanceIdentifier(id + "-2")
                .publiclyAccessible(publicMember)
                .dbSubnetGroup(group("vpc-1", "subnet-c"))
                .vpcSecurityGroups(sg("sg-admin"))
                .build();
        return Database.of(c, group("vpc-1", "subnet-a", "subnet-b"), List.of(writer, reader));
    }

    public static Database instance(String id) {
        return Database.of(DBInstance.builder()
                .dbInstanceIdentifier(id)
                .dbInstanceArn("arn:aws:rds:eu-central-1:123456789012:db:" + id)
                .publiclyAccessible(false)
                .storageEncrypted(true)
                .kmsKeyId("key-1")
                .backupRetentionPeriod(7)
                .dbSubnetGroup(group("vpc-1", "subnet-a"))
                .vpcSecurityGroups(sg("sg-db"))
                .build());
    }

    @Test
    void aClusterWithOnePublicInstanceIsPubliclyAccessible() {
        Database db = cluster("m300-aurora", true, true);
        assertThat(db.publiclyAccessible()).isTrue();
        assertThat(db.publicMembers()).containsExactly("m300-aurora-2");
        assertThat(db.label()).isEqualTo("DB cluster m300-aurora (instances m300-aurora-1, m300-aurora-2)");
    }

    @Test
    void aClusterGathersEverySubnetAndGroupOfItsInstances() {
        Database db = cluster("m300-aurora", true, false);
        assertThat(db.subnets()).containsExactly("subnet-a", "subnet-b", "subnet-c");
        assertThat(db.securityGroups()).containsExactly("sg-db", "sg-admin");
        assertThat(db.vpcId()).isEqualTo("vpc-1");
        assertThat(db.publiclyAccessible()).isFalse();
    }

    @Test
    void snapshotsAndMetricsDifferForClustersAndInstances() {
        Database c = cluster("m300-aurora", true, false);
        Database i = instance("m300-db");
        assertThat(c.snapshotArnPattern())
                .isEqualTo("arn:aws:rds:eu-central-1:123456789012:cluster-snapshot:m300-aurora-*");
        assertThat(i.snapshotArnPattern()).isEqualTo("arn:aws:rds:eu-central-1:123456789012:snapshot:m300-db-*");
        assertThat(c.snapshotAction()).isEqualTo("rds:CreateDBClusterSnapshot");
        assertThat(i.snapshotAction()).isEqualTo("rds:CreateDBSnapshot");
        assertThat(c.metricDimension()).isEqualTo("DBClusterIdentifier");
        assertThat(i.label()).isEqualTo("database m300-db");
    }

    @Test
    void aClusterWithoutInstancesStillHasItsGroupsAndSubnets() {
        DBCluster c = DBCluster.builder()
                .dbClusterIdentifier("c")
                .dbClusterArn("arn:aws:rds:r:1:cluster:c")
                .storageEncrypted(false)
                .vpcSecurityGroups(sg("sg-db"))
                .build();
        Database db = Database.of(c, group("vpc-1", "subnet-a"), List.of());
        assertThat(db.members()).isEmpty();
        assertThat(db.subnets()).containsExactly("subnet-a");
        assertThat(db.storageEncrypted()).isFalse();
    }
}
