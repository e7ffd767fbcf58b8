package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.m300.harness.support.aws.Database;
import io.m300.harness.support.aws.IamReader;
import io.m300.harness.support.aws.LogsReader;
import io.m300.harness.support.iam.PrivilegeVerdict;
import io.m300.harness.support.iam.ScopedAccess;
import io.m300.harness.support.iam.SnapshotPrivileges;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * IAM-04: every snapshot function's role (the one it runs under, read from Lambda, with every
 * policy read from IAM) allows exactly what taking its databases' snapshots needs, on those
 * databases, their snapshots and its own log group.
 */
public final class SnapshotFunctionSteps {

    private final StackContext ctx;
    private final SnapshotFunctions functions;

    public SnapshotFunctionSteps(StackContext ctx, SnapshotFunctions functions) {
        this.ctx = ctx;
        this.functions = functions;
    }

    @When("the policies of the backup function's role are read from IAM")
    public void theBackupPoliciesAreRead() {
        List<String> lines = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (SnapshotFunctions.Function f : functions.all()) {
            lines.add(f.function().functionName() + " snapshots "
                    + (f.databases().isEmpty()
                            ? "no database of the stack"
                            : f.databases().stream().map(Database::label).toList())
                    + "; it runs under role " + f.role() + " (Lambda GetFunction: "
                    + f.function().role() + ")\n"
                    + String.join("\n", IamReader.describe(f.policies().documents()))
                    + (f.policies().unreadable().isEmpty()
                            ? ""
                            : "\nunreadable: " + f.policies().unreadable()));
            if (f.policies().documents().isEmpty()) {
                empty.add("role " + f.role() + " of " + f.function().functionName());
            }
        }
        ctx.evidence().record("snapshot functions and their roles' policies", lines);
        assertThat(empty).as("snapshot functions' roles without any policy").isEmpty();
    }

    @Then("^they grant exactly (.+?)(?: \\(and (.+) if it tags its snapshots\\))?, without wildcards$")
    public void theyGrantExactly(String actionList, String optionalList) {
        Set<String> named = IamSteps.actions(actionList);
        Set<String> optional = optionalList == null ? Set.of() : IamSteps.actions(optionalList);
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (SnapshotFunctions.Function f : functions.all()) {
            Set<String> required = SnapshotPrivileges.forDatabases(named, f.databases());
            PrivilegeVerdict verdict = PrivilegeVerdict.exactlyAll(f.policies().documents(), required, optional);
            verdict.problems()
                    .forEach(p -> problems.add(
                            "role " + f.role() + " of " + f.function().functionName() + ": " + p));
            f.policies().unreadable().forEach(u -> problems.add("role " + f.role() + ": policy " + u));
            lines.add(f.function().functionName() + " (role " + f.role() + "): allows " + verdict.granted()
                    + "; required " + required + "; may also allow " + optional);
        }
        ctx.evidence().record("least privilege", lines);
        assertThat(problems)
                .as("actions the snapshot functions' roles allow beyond exactly what they need")
                .isEmpty();
    }

    @Then("the database actions are limited to the stack's database and its snapshots")
    public void theDatabaseActionsAreLimited() {
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (SnapshotFunctions.Function f : functions.all()) {
            List<String> allowed = SnapshotPrivileges.allowedResources(f.databases());
            for (String action : SnapshotPrivileges.DATABASE_ACTIONS) {
                ScopedAccess.beyond(f.policies().documents(), action, allowed)
                        .forEach(p -> problems.add(
                                "role " + f.role() + " of " + f.function().functionName() + ": " + p));
            }
            lines.add(f.function().functionName() + " (role " + f.role() + "): may name " + allowed);
        }
        ctx.evidence().record("database scope", lines);
        assertThat(problems)
                .as("database actions of the snapshot functions' roles beyond their databases and snapshots")
                .isEmpty();
    }

    @Then("the log actions are limited to the function's own log group")
    public void theLogActionsAreLimited() {
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (SnapshotFunctions.Function f : functions.all()) {
            FunctionConfiguration fn = f.function();
            String group = fn.loggingConfig() != null
                            && fn.loggingConfig().logGroup() != null
                            && !fn.loggingConfig().logGroup().isBlank()
                    ? fn.loggingConfig().logGroup()
                    : "/aws/lambda/" + fn.functionName();
            var groups = new LogsReader(ctx.aws()).logGroup(group).stream().toList();
            if (groups.isEmpty()) {
                problems.add("the log group " + group + " of function " + fn.functionName() + " does not exist");
                continue;
            }
            String arn = groups.get(0).arn();
            String base = arn.endsWith(":*") ? arn.substring(0, arn.length() - 2) : arn;
            List<String> allowed = List.of(base, base + ":*", base + ":log-stream:*");
            for (String action : List.of("logs:CreateLogStream", "logs:PutLogEvents")) {
                ScopedAccess.beyond(f.policies().documents(), action, allowed)
                        .forEach(p -> problems.add("role " + f.role() + " of " + fn.functionName() + ": " + p));
            }
            lines.add(fn.functionName() + ": log group " + group + "; allowed resources " + allowed);
        }
        ctx.evidence().record("log scope", lines);
        assertThat(problems)
                .as("log actions of the snapshot functions' roles beyond their own log groups")
                .isEmpty();
    }
}
