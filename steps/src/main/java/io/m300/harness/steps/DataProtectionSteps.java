package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.After;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.m300.harness.support.target.Capability;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.rds.model.DBSnapshot;

/** Data protection: what encrypts the data, read from RDS and KMS. */
public final class DataProtectionSteps {

    private final StackContext ctx;
    private String snapshotId;
    private DBSnapshot snapshot;

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
            snapshotId = response.payload().asUtf8String().replace("\"", "").trim();
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

    private KeyMetadata key(String idOrArn) {
        return ctx.aws().kms().describeKey(r -> r.keyId(idOrArn)).keyMetadata();
    }
}
