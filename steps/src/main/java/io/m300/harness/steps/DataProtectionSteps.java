package io.m300.harness.steps;

import io.m300.harness.support.aws.StsReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.After;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.m300.harness.support.aws.EventsReader;
import io.m300.harness.support.aws.KmsReader;
import io.m300.harness.support.aws.LambdaReader;
import io.m300.harness.support.aws.RdsReader;
import io.m300.harness.support.backup.BackupSchedule;
import io.m300.harness.support.aws.IamReader;
import io.m300.harness.support.iam.PolicyAnalysis;
import io.m300.harness.support.iam.PolicyDocument;
import io.m300.harness.support.kms.DatabaseKey;
import io.m300.harness.support.kms.KeyPolicyExposure;
import io.m300.harness.support.stack.StackInventory;
import io.m300.harness.support.target.Capability;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;

/** Data protection: what encrypts the data and how it is backed up, read from RDS, KMS, EventBridge and Lambda. */
public final class DataProtectionSteps {

    private final StackContext ctx;
    private String snapshotId;
    private DBSnapshot snapshot;
    private List<DBInstance> databases;

    public DataProtectionSteps(StackContext ctx) {
        this.ctx = ctx;
    }

    @When("a snapshot of the database is taken the way the backup function takes it")
    public void aSnapshotIsTaken() {
        String db = databases().get(0).dbInstanceIdentifier();
        var caps = ctx.target().capabilities();
        if (caps.has(Capability.LAMBDA_INVOKE)) {
            String function = ctx.outputs().has("backup_function_name") ? ctx.outputs().string("backup_function_name")
                    : ctx.inventory().managed("aws_lambda_function").stream().map(r -> r.attr("function_name").orElse(r.id())).findFirst()
                            .orElseThrow(() -> new AssertionError("the stack's state lists no Lambda function to take the snapshot"));
            var response = new LambdaReader(ctx.aws()).invoke(function, "{}");
            assertThat(response.functionError()).as("error of backup function %s", function).isNull();
            // The function answers {"snapshot_id": ..., "status": ..., "encrypted": ..., "kms_key_id": ...}.
            snapshotId = readSnapshotId(response.payload().asUtf8String());
            ctx.evidence().record("snapshot", "invoked backup function " + function + ", which created snapshot " + snapshotId);
        } else {
            snapshotId = db + "-harness-" + Instant.now().getEpochSecond();
            new RdsReader(ctx.aws()).createSnapshot(db, snapshotId);
            ctx.evidence().record("snapshot", "created snapshot " + snapshotId + " of " + db
                    + " with rds:CreateDBSnapshot, the call the backup function makes; the function itself was not invoked because "
                    + caps.whyMissing(Capability.LAMBDA_INVOKE).orElse("-"));
        }
    }

    @Then("the snapshot becomes available within {int} minutes")
    public void theSnapshotBecomesAvailable(int minutes) {
        AtomicReference<DBSnapshot> last = new AtomicReference<>();
        RdsReader rds = new RdsReader(ctx.aws());
        await("snapshot " + snapshotId + " to become available")
                .atMost(Duration.ofMinutes(minutes))
                .pollDelay(Duration.ZERO) // on an emulator it is available at once: no need to wait a first interval
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    last.set(rds.snapshot(snapshotId));
                    return "available".equals(last.get().status());
                });
        snapshot = last.get();
        ctx.evidence().record("snapshot status", snapshotId + " is " + snapshot.status());
    }

    @Then("the snapshot is encrypted with the stack's customer-managed key")
    public void theSnapshotIsEncryptedWithTheStackKey() {
        DBInstance db = databases().get(0);
        assertThat(db.kmsKeyId()).as("KmsKeyId of database %s, whose snapshot this is", db.dbInstanceIdentifier()).isNotBlank();
        KeyMetadata stackKey = key(db.kmsKeyId());
        ctx.evidence().record("snapshot encryption", snapshotId + ": Encrypted=" + snapshot.encrypted() + ", KmsKeyId="
                + snapshot.kmsKeyId() + "; the database's key is " + stackKey.arn() + " (KeyManager=" + stackKey.keyManagerAsString() + ")");
        assertThat(snapshot.encrypted()).as("Encrypted of snapshot %s", snapshotId).isTrue();
        assertThat(snapshot.kmsKeyId()).as("KmsKeyId of snapshot %s", snapshotId).isNotBlank();
        KeyMetadata snapshotKey = key(snapshot.kmsKeyId());
        assertThat(snapshotKey.keyId())
                .as("key of snapshot %s (%s) against the database's key %s", snapshotId, snapshot.kmsKeyId(), stackKey.arn())
                .isEqualTo(stackKey.keyId());
        assertThat(snapshotKey.keyManagerAsString()).as("KeyManager of the snapshot's key").isEqualTo("CUSTOMER");
    }

    @After
    public void deleteSnapshot() {
        if (snapshotId != null) {
            new RdsReader(ctx.aws()).deleteSnapshot(snapshotId);
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
        return kms().key(idOrArn).orElseThrow(() -> new AssertionError("KMS key " + idOrArn + " does not exist"));
    }



    // --- DATA-01 ----------------------------------------------------------------------------

    @Then("the database's storage is encrypted")
    public void theStorageIsEncrypted() {
        List<String> lines = new ArrayList<>();
        for (DBInstance db : databases()) {
            lines.add(db.dbInstanceIdentifier() + ": StorageEncrypted=" + db.storageEncrypted() + ", KmsKeyId=" + db.kmsKeyId());
        }
        ctx.evidence().record("database encryption", lines);
        assertThat(databases()).as("databases of the stack").allSatisfy(db ->
                assertThat(db.storageEncrypted()).as("StorageEncrypted of database %s", db.dbInstanceIdentifier()).isTrue());
    }

    @Then("its key is the stack's customer-managed key, enabled, not an AWS-managed key")
    public void itsKeyIsTheStacksKey() {
        Set<String> stackKeys = stackKeyIds();
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (DBInstance db : databases()) {
            KeyMetadata k = db.kmsKeyId() == null ? null : kms().key(db.kmsKeyId()).orElse(null);
            lines.add(db.dbInstanceIdentifier() + ": KmsKeyId " + db.kmsKeyId() + " -> " + (k == null ? "no key" : k.arn() + " (KeyManager="
                    + k.keyManagerAsString() + ", Enabled=" + k.enabled() + ", state " + k.keyStateAsString() + ")"));
            // rotation is the next step's: pass true here so a problem is said once
            problems.addAll(DatabaseKey.problems(db.dbInstanceIdentifier(), db.storageEncrypted(), db.kmsKeyId(), k, true, stackKeys));
        }
        lines.add("keys the stack manages (aws_kms_key in the state): " + stackKeys);
        ctx.evidence().record("database key", lines);
        assertThat(problems).as("databases not encrypted with an enabled customer-managed key of the stack").isEmpty();
    }

    @Then("the key's automatic rotation is enabled")
    public void theKeyRotates() {
        List<String> lines = new ArrayList<>();
        List<String> off = new ArrayList<>();
        for (DBInstance db : databases()) {
            KeyMetadata k = kms().key(db.kmsKeyId()).orElseThrow(() -> new AssertionError("key " + db.kmsKeyId() + " of database "
                    + db.dbInstanceIdentifier() + " does not exist"));
            boolean rotation = kms().rotationEnabled(k.keyId());
            lines.add(k.arn() + " (key of " + db.dbInstanceIdentifier() + "): KeyRotationEnabled=" + rotation);
            if (!rotation) {
                off.add(k.arn());
            }
        }
        ctx.evidence().record("key rotation", lines);
        assertThat(off).as("keys of the stack's databases without automatic rotation").isEmpty();
    }

    // --- DATA-03 ----------------------------------------------------------------------------

    /** A daily rule of the stack and a Lambda function it targets. */
    private record Schedule(String ruleName, String ruleArn, String expression, FunctionConfiguration function) {}

    private List<Schedule> schedules = List.of();

    @Then("an enabled EventBridge rule with a daily schedule targets the backup function")
    public void aDailyRuleTargetsTheFunction() {
        EventsReader events = new EventsReader(ctx.aws());
        LambdaReader lambda = new LambdaReader(ctx.aws());
        List<String> lines = new ArrayList<>();
        List<Schedule> found = new ArrayList<>();
        for (StackInventory.Resource r : ctx.inventory().managed("aws_cloudwatch_event_rule")) {
            String name = r.attr("name").orElse(r.id());
            String bus = r.attr("event_bus_name").orElse(null);
            var rule = events.rule(name, bus);
            if (rule.isEmpty()) {
                lines.add("rule " + name + " (" + r.address() + " in the state) not found in EventBridge");
                continue;
            }
            var d = rule.get();
            List<String> targets = events.targets(name, bus).stream().map(t -> t.arn()).toList();
            boolean daily = "ENABLED".equals(d.stateAsString()) && BackupSchedule.isDaily(d.scheduleExpression());
            lines.add("rule " + d.arn() + ": ScheduleExpression=" + d.scheduleExpression() + ", State=" + d.stateAsString()
                    + (daily ? " (daily)" : " (not an enabled daily schedule)") + ", targets " + targets);
            if (daily) {
                for (String t : targets) {
                    if (t.startsWith("arn:") && t.split(":")[2].equals("lambda")) {
                        lambda.function(unqualified(t)).ifPresentOrElse(fn -> found.add(new Schedule(name, d.arn(), d.scheduleExpression(), fn)),
                                () -> lines.add("target " + t + " of rule " + name + " is no function Lambda knows"));
                    }
                }
            }
        }
        schedules = found;
        ctx.evidence().record("schedules", lines);
        assertThat(found).as("enabled daily EventBridge rules of the stack that target a Lambda function (rules in the state: %d)",
                ctx.inventory().managed("aws_cloudwatch_event_rule").size()).isNotEmpty();
    }

    @Then("the backup function lets events.amazonaws.com invoke it from that rule")
    public void theFunctionLetsTheRuleInvokeIt() {
        LambdaReader lambda = new LambdaReader(ctx.aws());
        List<String> lines = new ArrayList<>();
        List<Schedule> permitted = new ArrayList<>();
        for (Schedule s : schedules) {
            String policy = lambda.policy(s.function().functionArn()).orElse("");
            List<String> sids = BackupSchedule.invokePermissionsFrom(policy, "events.amazonaws.com", s.ruleArn());
            lines.add(s.function().functionName() + " from " + s.ruleArn() + ": " + (sids.isEmpty() ? "no permission" : "statements " + sids)
                    + "\n  resource policy: " + (policy.isEmpty() ? "none" : policy));
            if (!sids.isEmpty()) {
                permitted.add(s);
            }
        }
        schedules = permitted;
        ctx.evidence().record("invoke permission", lines);
        assertThat(permitted).as("daily rules whose target function lets events.amazonaws.com invoke it with that rule as SourceArn").isNotEmpty();
    }

    @Then("the backup function's environment names the stack's database")
    public void theFunctionNamesTheDatabase() {
        Set<String> dbs = new LinkedHashSet<>();
        databases().forEach(db -> dbs.add(db.dbInstanceIdentifier()));
        List<String> lines = new ArrayList<>();
        boolean named = false;
        for (Schedule s : schedules) {
            FunctionConfiguration fn = s.function();
            Map<String, String> env = fn.environment() == null ? Map.of() : fn.environment().variables();
            List<String> naming = env.entrySet().stream().filter(e -> dbs.contains(e.getValue())).map(Map.Entry::getKey).toList();
            lines.add(fn.functionName() + ": environment names " + env.keySet() + "; entries naming " + dbs + ": " + naming);
            named |= !naming.isEmpty();
        }
        ctx.evidence().record("function environment", lines);
        assertThat(named).as("a scheduled backup function whose environment names a database of the stack %s", dbs).isTrue();
    }

    @Then("the database keeps automated backups for at least {int} days")
    public void theDatabaseKeepsBackups(int days) {
        List<String> lines = new ArrayList<>();
        databases().forEach(db -> lines.add(db.dbInstanceIdentifier() + ": BackupRetentionPeriod=" + db.backupRetentionPeriod()));
        ctx.evidence().record("backup retention", lines);
        assertThat(databases()).allSatisfy(db -> assertThat(db.backupRetentionPeriod())
                .as("BackupRetentionPeriod of database %s", db.dbInstanceIdentifier()).isGreaterThanOrEqualTo(days));
    }

    // --- DATA-04 ----------------------------------------------------------------------------

    @Then("neither the policy nor the grants of the database's key let a caller outside the stack's account use it")
    public void theKeyPolicyIsNotPublic() {
        String account = new StsReader(ctx.aws()).account();
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (DBInstance db : databases()) {
            assertThat(db.kmsKeyId()).as("KmsKeyId of database %s (the key that protects the data)", db.dbInstanceIdentifier()).isNotBlank();
            keys.add(kms().key(db.kmsKeyId()).orElseThrow(() -> new AssertionError("key " + db.kmsKeyId() + " of database "
                    + db.dbInstanceIdentifier() + " does not exist")).keyId());
        }
        for (String keyId : keys) {
            String text = kms().policy(keyId);
            lines.add(String.join("\n", IamReader.describe(List.of(PolicyDocument.parse("key policy of " + keyId, text)))));
            problems.addAll(KeyPolicyExposure.problems("key policy of " + keyId, text, account, null));
            Map<String, String> grants = kms().grantees(keyId);
            lines.add("grants of " + keyId + ": " + (grants.isEmpty() ? "none" : grants));
            problems.addAll(KeyPolicyExposure.grantProblems(keyId, grants, account));
        }
        lines.add("the stack's account: " + account);
        ctx.evidence().record("key policy", lines);
        assertThat(problems).as("statements or grants that let a caller outside account %s use the database's key", account).isEmpty();
    }

    /** The stack's databases: every aws_db_instance in the state, read back from RDS. */
    private List<DBInstance> databases() {
        if (databases == null) {
            RdsReader rds = new RdsReader(ctx.aws());
            List<DBInstance> out = new ArrayList<>();
            for (StackInventory.Resource r : ctx.inventory().managed("aws_db_instance")) {
                String id = r.attr("identifier").orElse(r.id());
                out.add(rds.instance(id).orElseThrow(() -> new AssertionError("database " + id + " (" + r.address()
                        + " in the state) not found in RDS")));
            }
            if (out.isEmpty()) {
                throw new AssertionError("the stack's state lists no database (aws_db_instance): nothing to check");
            }
            databases = out;
        }
        return databases;
    }

    /** The key IDs of every KMS key the state lists. */
    private Set<String> stackKeyIds() {
        Set<String> ids = new LinkedHashSet<>();
        ctx.inventory().managed("aws_kms_key").forEach(r -> ids.add(r.attr("key_id").orElse(r.id())));
        return ids;
    }

    private KmsReader kms() {
        return new KmsReader(ctx.aws());
    }

    /** A Lambda ARN without a version or alias qualifier. */
    private static String unqualified(String arn) {
        String[] parts = arn.split(":");
        return parts.length > 7 ? String.join(":", java.util.Arrays.copyOf(parts, 7)) : arn;
    }
}
