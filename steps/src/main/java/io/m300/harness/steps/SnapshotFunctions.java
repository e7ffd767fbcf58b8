package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.aws.Database;
import io.m300.harness.support.aws.IamReader;
import io.m300.harness.support.aws.IamReader.PrincipalPolicies;
import io.m300.harness.support.aws.LambdaReader;
import io.m300.harness.support.iam.SnapshotPrivileges;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * The stack's snapshot functions, read once per scenario (IAM-04 and the policy simulator):
 * every function of the state, with the role it runs under (Lambda), that role's policies (IAM)
 * and the databases it snapshots. Injected by picocontainer.
 */
public final class SnapshotFunctions {

    private final StackContext ctx;
    private final StackDatabases dbs;
    private final StackIam stack;
    private final IamReader iam;

    public SnapshotFunctions(StackContext ctx, EcsView ecs, StackDatabases dbs) {
        this.ctx = ctx;
        this.dbs = dbs;
        this.stack = new StackIam(ctx, ecs);
        this.iam = stack.reader();
    }

    /** A snapshot function of the stack with the role it runs under, that role's policies and the databases it snapshots. */
    public record Function(
            FunctionConfiguration function, String role, PrincipalPolicies policies, List<Database> databases) {}

    private List<Function> functions;

    /**
     * Every function of the stack (each aws_lambda_function of the state; output
     * backup_function_name only helps to find one) as Lambda reports it. Those that snapshot a
     * database of the stack (their environment names it, or their role may snapshot it) are the
     * snapshot functions; when none does, every function is judged. None at all is a finding.
     */
    public List<Function> all() {
        if (functions == null) {
            Set<String> names = new LinkedHashSet<>();
            ctx.inventory()
                    .managed("aws_lambda_function")
                    .forEach(r -> names.add(r.attr("function_name").orElse(r.id())));
            if (ctx.outputs().has("backup_function_name")) {
                names.add(ctx.outputs().string("backup_function_name"));
            }
            assertThat(names)
                    .as(
                            "Lambda functions of the stack (state: %s)",
                            ctx.inventory().summary())
                    .isNotEmpty();
            List<Function> every = new ArrayList<>();
            LambdaReader lambda = new LambdaReader(ctx.aws());
            for (String name : names) {
                FunctionConfiguration fn = lambda.function(name)
                        .orElseThrow(() ->
                                new AssertionError("the function " + name + " of the stack does not exist in Lambda"));
                String role = stack.roleRunUnder("the function " + fn.functionName(), fn.role())
                        .roleName();
                PrincipalPolicies policies = iam.policiesOf("role", role);
                Map<String, String> env =
                        fn.environment() == null ? Map.of() : fn.environment().variables();
                every.add(new Function(
                        fn, role, policies, SnapshotPrivileges.snapshotted(env, policies.documents(), dbs.all())));
            }
            List<Function> snapshotters =
                    every.stream().filter(f -> !f.databases().isEmpty()).toList();
            functions = snapshotters.isEmpty() ? every : snapshotters;
        }
        return functions;
    }
}
