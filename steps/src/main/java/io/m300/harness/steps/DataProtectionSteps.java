package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.After;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.m300.harness.support.backup.BackupSchedule;
import io.m300.harness.support.aws.IamReader;
import io.m300.harness.support.iam.PolicyAnalysis;
import io.m300.harness.support.iam.PolicyDocument;
import io.m300.harness.support.target.Capability;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;

/** Data protection: what encrypts the data and how it is backed up, read from RDS, KMS, EventBridge and Lambda. */
public final class DataProtectionSteps {

    private final StackContext ctx;
    private String snapshotId;
    private DBSnapshot snapshot;
    private DBInstance database;
    private String ruleArn;
    private String functionArn;

    public DataProtectionSteps(StackContext ctx) {
        this.ctx = ctx;
    }

    @When("a snapshot of the database is taken the way the backup function takes it")
    public void aSnapshotIsTaken() {
        String db = ctx.outputs().string("db_instance_identifier");
        var caps = ctx.target().capabilities();
        if (caps.has(Capability.LAMBDA_INVOKE)) {
            String function = ctx.outputs().string("backup_function_name");
            var response = ctx.aws().lambda().invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String("{}")));
            assertThat(response.functionError()).as("error of backup function %s", function).isNull();
            // The function answers {"snapshot_id": ..., "status": ..., "encrypted": ..., "kms_key_id": ...}.
            snapshotId = readSnapshotId(response.payload().asUtf8String());
            ctx.evidence().record("snapshot", "invoked backup function " + function + ", which created snapshot " + snapshotId);
        } else {
            snapshotId = db + "-harness-" + Instant.now().getEpochSecond();
            ctx.aws().rds().createDBSnapshot(r -> r.dbInstanceIdentifier(db).dbSnapshotIdentifier(snapshotId));
            ctx.evidence().record("snapshot", "created snapshot " + snapshotId + " of " + db
                    + " with rds:CreateDBSnapshot, the call the backup function makes; the function itself was not invoked because "
                    + caps.whyMissing(Capability.LAMBDA_INVOKE).orElse("-"));
        }
    }

    @Then("the snapshot becomes available within {int} minutes")
    public void theSnapshotBecomesAvailable(int minutes) {
        AtomicReference<DBSnapshot> last = new AtomicReference<>();
        await("snapshot " + snapshotId + " to become available")
                .atMost(Duration.ofMinutes(minutes))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    last.set(ctx.aws().rds().describeDBSnapshots(r -> r.dbSnapshotIdentifier(snapshotId)).dbSnapshots().get(0));
                    return "available".equals(last.get().status());
                });
        snapshot = last.get();
        ctx.evidence().record("snapshot status", snapshotId + " is " + snapshot.status());
    }

    @Then("the snapshot is encrypted with the stack's customer-managed key")
    public void theSnapshotIsEncryptedWithTheStackKey() {
        KeyMetadata stackKey = key(ctx.outputs().string("kms_key_arn"));
        ctx.evidence().record("snapshot encryption", snapshotId + ": Encrypted=" + snapshot.encrypted() + ", KmsKeyId="
                + snapshot.kmsKeyId() + "; the stack's key is " + stackKey.arn() + " (KeyManager=" + stackKey.keyManagerAsString() + ")");
        assertThat(snapshot.encrypted()).as("Encrypted of snapshot %s", snapshotId).isTrue();
        assertThat(snapshot.kmsKeyId()).as("KmsKeyId of snapshot %s", snapshotId).isNotBlank();
        KeyMetadata snapshotKey = key(snapshot.kmsKeyId());
        assertThat(snapshotKey.keyId())
                .as("key of snapshot %s (%s) against the stack's key %s", snapshotId, snapshot.kmsKeyId(), stackKey.arn())
                .isEqualTo(stackKey.keyId());
        assertThat(snapshotKey.keyManagerAsString()).as("KeyManager of the snapshot's key").isEqualTo("CUSTOMER");
    }

    @After
    public void deleteSnapshot() {
        if (snapshotId != null) {
            ctx.aws().rds().deleteDBSnapshot(r -> r.dbSnapshotIdentifier(snapshotId));
            snapshotId = null;
        }
    }

    static String readSnapshotId(String payload) {
        try {
            String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(payload).path("snapshot_id").asText("");
            if (id.isEmpty()) {
                throw new AssertionError("the backup function answered without a snapshot_id: " + payload);
            }
            return id;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("the backup function answered with something that is not JSON: " + payload);
        }
    }

    private KeyMetadata key(String idOrArn) {
        return ctx.aws().kms().describeKey(r -> r.keyId(idOrArn)).keyMetadata();
    }



    // --- DATA-01 ----------------------------------------------------------------------------

    @Then("the database's storage is encrypted")
    public void theStorageIsEncrypted() {
        DBInstance db = database();
        ctx.evidence().record("database encryption", db.dbInstanceIdentifier() + ": StorageEncrypted=" + db.storageEncrypted()
                + ", KmsKeyId=" + db.kmsKeyId());
        assertThat(db.storageEncrypted()).as("StorageEncrypted of database %s", db.dbInstanceIdentifier()).isTrue();
    }

    @Then("its key is the stack's customer-managed key, enabled, not an AWS-managed key")
    public void itsKeyIsTheStacksKey() {
        DBInstance db = database();
        assertThat(db.kmsKeyId()).as("KmsKeyId of database %s", db.dbInstanceIdentifier()).isNotBlank();
        KeyMetadata dbKey = key(db.kmsKeyId());
        KeyMetadata stackKey = key(ctx.outputs().string("kms_key_arn"));
        ctx.evidence().record("database key", "KmsKeyId " + db.kmsKeyId() + " resolves to " + dbKey.arn() + " (KeyManager="
                + dbKey.keyManagerAsString() + ", Enabled=" + dbKey.enabled() + ", state " + dbKey.keyStateAsString()
                + "); the stack's key (output kms_key_arn) is " + stackKey.arn());
        assertThat(dbKey.keyId()).as("key of database %s against the stack's key %s", db.dbInstanceIdentifier(), stackKey.arn())
                .isEqualTo(stackKey.keyId());
        assertThat(dbKey.keyManagerAsString()).as("KeyManager of key %s", dbKey.arn()).isEqualTo("CUSTOMER");
        assertThat(dbKey.enabled()).as("Enabled of key %s", dbKey.arn()).isTrue();
    }

    @Then("the key's automatic rotation is enabled")
    public void theKeyRotates() {
        String keyId = key(ctx.outputs().string("kms_key_arn")).keyId();
        boolean rotation = ctx.aws().kms().getKeyRotationStatus(r -> r.keyId(keyId)).keyRotationEnabled();
        ctx.evidence().record("key rotation", keyId + ": KeyRotationEnabled=" + rotation);
        assertThat(rotation).as("automatic rotation of key %s", keyId).isTrue();
    }

    // --- DATA-03 ----------------------------------------------------------------------------

    @Then("an enabled EventBridge rule with a daily schedule targets the backup function")
    public void aDailyRuleTargetsTheFunction() {
        String rule = ctx.outputs().string("backup_schedule_rule_name");
        var described = ctx.aws().events().describeRule(r -> r.name(rule));
        ruleArn = described.arn();
        functionArn = function().functionArn();
        var targets = ctx.aws().events().listTargetsByRule(r -> r.rule(rule)).targets().stream().map(t -> t.arn()).toList();
        ctx.evidence().record("schedule", "rule " + ruleArn + ": ScheduleExpression=" + described.scheduleExpression() + ", State="
                + described.stateAsString() + ", targets " + targets + "; backup function " + functionArn);
        assertThat(described.stateAsString()).as("state of rule %s", rule).isEqualTo("ENABLED");
        assertThat(BackupSchedule.isDaily(described.scheduleExpression()))
                .as("schedule '%s' of rule %s fires once a day", described.scheduleExpression(), rule).isTrue();
        assertThat(targets.stream().map(DataProtectionSteps::unqualified).toList())
                .as("targets of rule %s", rule).contains(unqualified(functionArn));
    }

    @Then("the backup function lets events.amazonaws.com invoke it from that rule")
    public void theFunctionLetsTheRuleInvokeIt() {
        String name = ctx.outputs().string("backup_function_name");
        String policy = ctx.aws().lambda().getPolicy(r -> r.functionName(name)).policy();
        List<String> sids = BackupSchedule.invokePermissionsFrom(policy, "events.amazonaws.com", ruleArn);
        ctx.evidence().record("invoke permission", "resource policy of " + name + ": " + policy + "\nstatements that let "
                + ruleArn + " invoke it: " + sids);
        assertThat(sids).as("permissions of function %s for events.amazonaws.com with SourceArn %s", name, ruleArn).isNotEmpty();
    }

    @Then("the backup function's environment names the stack's database")
    public void theFunctionNamesTheDatabase() {
        var fn = function();
        Map<String, String> env = fn.environment() == null ? Map.of() : fn.environment().variables();
        String db = database().dbInstanceIdentifier();
        ctx.evidence().record("function environment", fn.functionName() + ": " + env + "; the stack's database is " + db);
        assertThat(env.values()).as("environment of function %s names database %s", fn.functionName(), db).contains(db);
    }

    @Then("the database keeps automated backups for at least {int} days")
    public void theDatabaseKeepsBackups(int days) {
        DBInstance db = database();
        ctx.evidence().record("backup retention", db.dbInstanceIdentifier() + ": BackupRetentionPeriod=" + db.backupRetentionPeriod());
        assertThat(db.backupRetentionPeriod()).as("BackupRetentionPeriod of database %s", db.dbInstanceIdentifier())
                .isGreaterThanOrEqualTo(days);
    }

    // --- DATA-04 ----------------------------------------------------------------------------

    @Then("the key policy of the stack's key has no statement open to every principal without a condition")
    public void theKeyPolicyIsNotPublic() {
        String keyId = key(ctx.outputs().string("kms_key_arn")).keyId();
        String text = ctx.aws().kms().getKeyPolicy(r -> r.keyId(keyId).policyName("default")).policy();
        PolicyDocument policy = PolicyDocument.parse("key policy of " + keyId, text);
        List<String> open = PolicyAnalysis.publicPrincipalStatements(policy);
        ctx.evidence().record("key policy", String.join("\n", IamReader.describe(List.of(policy)))
                + "\nopen to every principal: " + (open.isEmpty() ? "none" : open));
        assertThat(policy.statements()).as("statements of the key policy of %s", keyId).isNotEmpty();
        assertThat(open).as("statements of the key policy of %s open to every principal", keyId).isEmpty();
    }

    private DBInstance database() {
        if (database == null) {
            String id = ctx.outputs().string("db_instance_identifier");
            database = ctx.aws().rds().describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().get(0);
        }
        return database;
    }

    private software.amazon.awssdk.services.lambda.model.FunctionConfiguration function() {
        String name = ctx.outputs().string("backup_function_name");
        return ctx.aws().lambda().getFunction(r -> r.functionName(name)).configuration();
    }


    /** A Lambda ARN without a version or alias qualifier. */
    private static String unqualified(String arn) {
        String[] parts = arn.split(":");
        return parts.length > 7 ? String.join(":", java.util.Arrays.copyOf(parts, 7)) : arn;
    }
}
