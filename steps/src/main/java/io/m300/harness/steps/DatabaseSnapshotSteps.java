package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.After;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.m300.harness.support.aws.Database;
import io.m300.harness.support.aws.KmsReader;
import io.m300.harness.support.aws.LambdaReader;
import io.m300.harness.support.aws.RdsReader;
import io.m300.harness.support.backup.SnapshotFunction;
import io.m300.harness.support.kms.SnapshotKey;
import io.m300.harness.support.target.Capability;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/** DATA-02: a snapshot taken the way the backup function takes it, and the key that encrypts it. */
public final class DatabaseSnapshotSteps {

    private final StackContext ctx;
    private final StackDatabases dbs;
    private final List<Taken> taken = new ArrayList<>();
    private final Map<String, SnapshotState> states = new HashMap<>();

    public DatabaseSnapshotSteps(StackContext ctx, StackDatabases dbs) {
        this.ctx = ctx;
        this.dbs = dbs;
    }

    /** A snapshot the scenario took of one database of the stack. */
    private record Taken(Database db, String id) {}

    /** What RDS says of a snapshot (of an instance or of a cluster). */
    private record SnapshotState(String status, Boolean encrypted, String kmsKeyId) {}

    @When("a snapshot of the database is taken the way the backup function takes it")
    public void aSnapshotIsTaken() {
        var caps = ctx.target().capabilities();
        List<String> lines = new ArrayList<>();
        String suffix = "-harness-" + Instant.now().getEpochSecond();
        if (caps.has(Capability.LAMBDA_INVOKE)) {
            String function = ctx.outputs().has("backup_function_name")
                    ? ctx.outputs().string("backup_function_name")
                    : ctx.inventory().managed("aws_lambda_function").stream()
                            .map(r -> r.attr("function_name").orElse(r.id()))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError(
                                    "the stack's state lists no Lambda function to take the snapshot"));
            var response = new LambdaReader(ctx.aws()).invoke(function, "{}");
            assertThat(response.functionError())
                    .as("error of backup function %s", function)
                    .isNull();
            // The function answers {"snapshot_id": ..., "status": ..., "encrypted": ..., "kms_key_id": ...}.
            String id = SnapshotFunction.snapshotId(response.payload().asUtf8String());
            String of = new RdsReader(ctx.aws())
                    .snapshotSource(id)
                    .orElseThrow(() -> new AssertionError(
                            "backup function " + function + " answered snapshot " + id + ", which RDS does not know"));
            Database db = dbs.byIdentifier(of)
                    .orElseThrow(() -> new AssertionError("backup function " + function + " snapshotted " + of
                            + ", which is no database of the stack"));
            taken.add(new Taken(db, id));
            lines.add("invoked backup function " + function + ", which created snapshot " + id + " of " + db.label());
        }
        RdsReader rds = new RdsReader(ctx.aws());
        for (Database db : dbs.all()) {
            if (taken.stream().anyMatch(t -> t.db().equals(db))) {
                continue;
            }
            String id = db.identifier() + suffix;
            if (db.cluster()) {
                rds.createClusterSnapshot(db.identifier(), id);
            } else {
                rds.createSnapshot(db.identifier(), id);
            }
            taken.add(new Taken(db, id));
            lines.add("created snapshot " + id + " of " + db.label() + " with " + db.snapshotAction()
                    + ", the call a backup function makes"
                    + (caps.has(Capability.LAMBDA_INVOKE)
                            ? ""
                            : "; no function was invoked because "
                                    + caps.whyMissing(Capability.LAMBDA_INVOKE).orElse("-")));
        }
        ctx.evidence().record("snapshots", lines);
    }

    @Then("the snapshot becomes available within {int} minutes")
    public void theSnapshotBecomesAvailable(int minutes) {
        assertThat(taken).as("snapshots taken of the stack's databases").isNotEmpty();
        List<String> lines = new ArrayList<>();
        for (Taken t : taken) {
            AtomicReference<SnapshotState> last = new AtomicReference<>();
            await("snapshot " + t.id() + " of " + t.db().label() + " to become available")
                    .atMost(Duration.ofMinutes(minutes))
                    .pollDelay(
                            Duration.ZERO) // on an emulator it is available at once: no need to wait a first interval
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> {
                        last.set(state(t));
                        return "available".equals(last.get().status());
                    });
            states.put(t.id(), last.get());
            lines.add(t.id() + " is " + last.get().status());
        }
        ctx.evidence().record("snapshot status", lines);
    }

    private SnapshotState state(Taken t) {
        RdsReader rds = new RdsReader(ctx.aws());
        if (t.db().cluster()) {
            var s = rds.clusterSnapshot(t.id());
            return new SnapshotState(s.status(), s.storageEncrypted(), s.kmsKeyId());
        }
        var s = rds.snapshot(t.id());
        return new SnapshotState(s.status(), s.encrypted(), s.kmsKeyId());
    }

    @Then("the snapshot is encrypted with the stack's customer-managed key")
    public void theSnapshotIsEncryptedWithTheStackKey() {
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        KmsReader kms = new KmsReader(ctx.aws());
        for (Taken t : taken) {
            SnapshotState snap = states.get(t.id());
            Database db = t.db();
            KeyMetadata dbKey = db.kmsKeyId() == null || db.kmsKeyId().isBlank()
                    ? null
                    : kms.key(db.kmsKeyId()).orElse(null);
            KeyMetadata snapKey = snap.kmsKeyId() == null || snap.kmsKeyId().isBlank()
                    ? null
                    : kms.key(snap.kmsKeyId()).orElse(null);
            lines.add(t.id() + " (of " + db.label() + "): Encrypted=" + snap.encrypted() + ", KmsKeyId="
                    + snap.kmsKeyId() + "; the database's key is "
                    + (dbKey == null
                            ? db.kmsKeyId() + " (no such key)"
                            : dbKey.arn() + " (KeyManager=" + dbKey.keyManagerAsString() + ")"));
            SnapshotKey.problem(t.id(), db.label(), snap.encrypted(), snap.kmsKeyId(), snapKey, db.kmsKeyId(), dbKey)
                    .ifPresent(problems::add);
        }
        ctx.evidence().record("snapshot encryption", lines);
        assertThat(problems)
                .as("snapshots of the stack's databases not encrypted with the database's customer-managed key")
                .isEmpty();
    }

    @After
    public void deleteSnapshot() {
        if (taken.isEmpty()) {
            return; // only DATA-02 takes snapshots; every other scenario may have released the stack already
        }
        RdsReader rds = new RdsReader(ctx.aws());
        for (Taken t : taken) {
            if (t.db().cluster()) {
                rds.deleteClusterSnapshot(t.id());
            } else {
                rds.deleteSnapshot(t.id());
            }
        }
        taken.clear();
    }
}
