package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.m300.harness.support.aws.Arns;
import io.m300.harness.support.aws.Database;
import io.m300.harness.support.aws.EventsReader;
import io.m300.harness.support.aws.IamReader;
import io.m300.harness.support.aws.KmsReader;
import io.m300.harness.support.aws.LambdaReader;
import io.m300.harness.support.aws.StsReader;
import io.m300.harness.support.backup.BackupSchedule;
import io.m300.harness.support.backup.SnapshotFunction;
import io.m300.harness.support.iam.PolicyDocument;
import io.m300.harness.support.iam.RoleRef;
import io.m300.harness.support.kms.DatabaseKey;
import io.m300.harness.support.kms.KeyPolicyExposure;
import io.m300.harness.support.stack.StackInventory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/** Data protection: what encrypts the data and how it is backed up, read from RDS, KMS, EventBridge and Lambda. */
public final class DataProtectionSteps {

    private final StackContext ctx;
    private final StackDatabases dbs;

    public DataProtectionSteps(StackContext ctx, StackDatabases dbs) {
        this.ctx = ctx;
        this.dbs = dbs;
    }

    // --- DATA-01 ----------------------------------------------------------------------------

    @Then("the database's storage is encrypted")
    public void theStorageIsEncrypted() {
        List<String> lines = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        for (Database db : databases()) {
            lines.add(db.label() + ": StorageEncrypted=" + db.storageEncrypted() + ", KmsKeyId=" + db.kmsKeyId());
            if (!Boolean.TRUE.equals(db.storageEncrypted())) {
                plain.add(db.label() + ": StorageEncrypted=" + db.storageEncrypted());
            }
        }
        ctx.evidence().record("database encryption", lines);
        assertThat(plain)
                .as("databases of the stack (every DB instance and DB cluster) whose storage is not encrypted")
                .isEmpty();
    }

    @Then("its key is the stack's customer-managed key, enabled, not an AWS-managed key")
    public void itsKeyIsTheStacksKey() {
        Set<String> stackKeys = stackKeyIds();
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Database db : databases()) {
            KeyMetadata k =
                    db.kmsKeyId() == null ? null : kms().key(db.kmsKeyId()).orElse(null);
            lines.add(db.label() + ": KmsKeyId " + db.kmsKeyId() + " -> "
                    + (k == null
                            ? "no key"
                            : k.arn() + " (KeyManager=" + k.keyManagerAsString() + ", Enabled=" + k.enabled()
                                    + ", state " + k.keyStateAsString() + ")"));
            // rotation is the next step's: pass true here so a problem is said once
            problems.addAll(DatabaseKey.problems(db.label(), db.storageEncrypted(), db.kmsKeyId(), k, true, stackKeys));
        }
        lines.add("keys the stack manages (aws_kms_key in the state): " + stackKeys);
        ctx.evidence().record("database key", lines);
        assertThat(problems)
                .as("databases not encrypted with an enabled customer-managed key of the stack")
                .isEmpty();
    }

    @Then("the key's automatic rotation is enabled")
    public void theKeyRotates() {
        List<String> lines = new ArrayList<>();
        List<String> off = new ArrayList<>();
        for (Database db : databases()) {
            KeyMetadata k = kms().key(db.kmsKeyId())
                    .orElseThrow(
                            () -> new AssertionError("key " + db.kmsKeyId() + " of " + db.label() + " does not exist"));
            boolean rotation = kms().rotationEnabled(k.keyId());
            lines.add(k.arn() + " (key of " + db.label() + "): KeyRotationEnabled=" + rotation);
            if (!rotation) {
                off.add(k.arn());
            }
        }
        ctx.evidence().record("key rotation", lines);
        assertThat(off)
                .as("keys of the stack's databases without automatic rotation")
                .isEmpty();
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
            List<String> targets =
                    events.targets(name, bus).stream().map(t -> t.arn()).toList();
            boolean daily = "ENABLED".equals(d.stateAsString()) && BackupSchedule.isDaily(d.scheduleExpression());
            lines.add("rule " + d.arn() + ": ScheduleExpression=" + d.scheduleExpression() + ", State="
                    + d.stateAsString() + (daily ? " (daily)" : " (not an enabled daily schedule)") + ", targets "
                    + targets);
            if (daily) {
                for (String t : targets) {
                    if (Arns.serviceOf(t).equals("lambda")) {
                        lambda.function(unqualified(t))
                                .ifPresentOrElse(
                                        fn -> found.add(new Schedule(name, d.arn(), d.scheduleExpression(), fn)),
                                        () -> lines.add(
                                                "target " + t + " of rule " + name + " is no function Lambda knows"));
                    }
                }
            }
        }
        schedules = found;
        ctx.evidence().record("schedules", lines);
        assertThat(found)
                .as(
                        "enabled daily EventBridge rules of the stack that target a Lambda function (rules in the state: %d)",
                        ctx.inventory().managed("aws_cloudwatch_event_rule").size())
                .isNotEmpty();
    }

    @Then("the backup function lets events.amazonaws.com invoke it from that rule")
    public void theFunctionLetsTheRuleInvokeIt() {
        LambdaReader lambda = new LambdaReader(ctx.aws());
        List<String> lines = new ArrayList<>();
        List<Schedule> permitted = new ArrayList<>();
        for (Schedule s : schedules) {
            String policy = lambda.policy(s.function().functionArn()).orElse("");
            List<String> sids = BackupSchedule.invokePermissionsFrom(policy, "events.amazonaws.com", s.ruleArn());
            lines.add(s.function().functionName() + " from " + s.ruleArn() + ": "
                    + (sids.isEmpty() ? "no permission" : "statements " + sids) + "\n  resource policy: "
                    + (policy.isEmpty() ? "none" : policy));
            if (!sids.isEmpty()) {
                permitted.add(s);
            }
        }
        schedules = permitted;
        ctx.evidence().record("invoke permission", lines);
        assertThat(permitted)
                .as("daily rules whose target function lets events.amazonaws.com invoke it with that rule as SourceArn")
                .isNotEmpty();
    }

    @Then("every database is snapshotted by such a function, whose environment names it and whose role may snapshot it")
    public void everyDatabaseIsSnapshottedByAScheduledFunction() {
        IamReader iam = new IamReader(ctx.aws());
        Map<String, List<PolicyDocument>> rolePolicies = new HashMap<>();
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Database db : databases()) {
            List<String> why = new ArrayList<>();
            boolean backedUp = false;
            for (Schedule s : schedules) {
                FunctionConfiguration fn = s.function();
                Map<String, String> env =
                        fn.environment() == null ? Map.of() : fn.environment().variables();
                List<PolicyDocument> policies = rolePolicies.computeIfAbsent(fn.role(), role -> {
                    String name = RoleRef.parse(role).name();
                    return iam.role(name).isPresent()
                            ? iam.policiesOf("role", name).documents()
                            : List.of();
                });
                List<String> p = SnapshotFunction.problems(
                        fn.functionName() + " (rule " + s.ruleName() + ")", env, policies, db);
                lines.add(db.label() + " <- " + fn.functionName() + " (role " + fn.role() + "): "
                        + (p.isEmpty()
                                ? "environment " + SnapshotFunction.entriesNaming(env, db) + " names it, role may "
                                        + db.snapshotAction()
                                : String.join("; ", p)));
                backedUp |= p.isEmpty();
                why.addAll(p);
            }
            if (!backedUp) {
                problems.add(db.label() + " has no daily function that snapshots it"
                        + (why.isEmpty() ? "" : ": " + String.join("; ", why)));
            }
        }
        ctx.evidence().record("backup functions of each database", lines);
        assertThat(problems)
                .as("databases of the stack without a scheduled function that really takes their snapshots")
                .isEmpty();
    }

    @Then("the database keeps automated backups for at least {int} days")
    public void theDatabaseKeepsBackups(int days) {
        List<String> lines = new ArrayList<>();
        List<String> short_ = new ArrayList<>();
        for (Database db : databases()) {
            lines.add(db.label() + ": BackupRetentionPeriod=" + db.backupRetention());
            if (db.backupRetention() == null || db.backupRetention() < days) {
                short_.add(db.label() + ": BackupRetentionPeriod " + db.backupRetention());
            }
        }
        ctx.evidence().record("backup retention", lines);
        assertThat(short_)
                .as("databases of the stack that keep automated backups for less than %d days", days)
                .isEmpty();
    }

    // --- DATA-04 ----------------------------------------------------------------------------

    @Then("neither the policy nor the grants of the database's key let a caller outside the stack's account use it")
    public void theKeyPolicyIsNotPublic() {
        String account = new StsReader(ctx.aws()).account();
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (Database db : databases()) {
            // an unencrypted database has no key protecting it (moto 5.2.1 still names "default_kms_key_id" for an
            // unencrypted cluster)
            if (!Boolean.TRUE.equals(db.storageEncrypted())
                    || db.kmsKeyId() == null
                    || db.kmsKeyId().isBlank()) {
                lines.add(db.label() + " is not encrypted with a key (StorageEncrypted=" + db.storageEncrypted()
                        + ", KmsKeyId=" + db.kmsKeyId() + "): no key policy to judge; DATA-01 judges its encryption");
                continue;
            }
            keys.add(kms().key(db.kmsKeyId())
                    .orElseThrow(
                            () -> new AssertionError("key " + db.kmsKeyId() + " of " + db.label() + " does not exist"))
                    .keyId());
        }
        assertThat(keys)
                .as("keys that protect the stack's databases (%s)", lines)
                .isNotEmpty();
        for (String keyId : keys) {
            String text = kms().policy(keyId);
            lines.add(String.join(
                    "\n", IamReader.describe(List.of(PolicyDocument.parse("key policy of " + keyId, text)))));
            problems.addAll(KeyPolicyExposure.problems("key policy of " + keyId, text, account, null));
            Map<String, String> grants = kms().grantees(keyId);
            lines.add("grants of " + keyId + ": " + (grants.isEmpty() ? "none" : grants));
            problems.addAll(KeyPolicyExposure.grantProblems(keyId, grants, account));
        }
        lines.add("the stack's account: " + account);
        ctx.evidence().record("key policy", lines);
        assertThat(problems)
                .as("statements or grants that let a caller outside account %s use the database's key", account)
                .isEmpty();
    }

    /** The stack's databases: every DB instance and DB cluster the state lists, read back from RDS. */
    private List<Database> databases() {
        return dbs.all();
    }

    /** The key IDs of every KMS key the state lists. */
    private Set<String> stackKeyIds() {
        Set<String> ids = new LinkedHashSet<>();
        ctx.inventory()
                .managed("aws_kms_key")
                .forEach(r -> ids.add(r.attr("key_id").orElse(r.id())));
        return ids;
    }

    private KmsReader kms() {
        return new KmsReader(ctx.aws());
    }

    /** A Lambda ARN without a version or alias qualifier. */
    private static String unqualified(String arn) {
        return Arns.unqualifiedFunction(arn);
    }
}
