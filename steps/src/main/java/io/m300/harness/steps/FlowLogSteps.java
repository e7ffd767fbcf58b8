package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.m300.harness.support.aws.IamReader;
import io.m300.harness.support.aws.LogsReader;
import io.m300.harness.support.iam.PolicyDocument;
import io.m300.harness.support.iam.RoleRef;
import io.m300.harness.support.network.FlowLogDelivery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.FlowLog;
import software.amazon.awssdk.services.iam.model.Role;

/** NET-07: a flow log of each VPC of the stack records all traffic, read from EC2, CloudWatch Logs and IAM. */
public final class FlowLogSteps {

    private final StackContext ctx;
    private final StackDatabases dbs;

    public FlowLogSteps(StackContext ctx, StackDatabases dbs) {
        this.ctx = ctx;
        this.dbs = dbs;
    }

    @Then(
            "a flow log of the VPC records all traffic into a CloudWatch log group that exists, through a role the flow-logs service may assume")
    public void aFlowLogRecordsAllTraffic() {
        StackNetwork network = new StackNetwork(ctx, dbs);
        Set<String> vpcs = network.vpcIds();
        assertThat(vpcs)
                .as("VPCs of the stack (state, outputs, database, tasks)")
                .isNotEmpty();
        IamReader iam = new IamReader(ctx.aws());
        LogsReader logs = new LogsReader(ctx.aws());
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String vpc : vpcs) {
            List<String> vpcProblems = new ArrayList<>();
            boolean good = false;
            for (FlowLog f : network.ec2().flowLogs(vpc)) {
                String group =
                        f.logGroupName() != null ? f.logGroupName() : FlowLogDelivery.logGroupName(f.logDestination());
                var logGroup = group == null ? null : logs.logGroup(group).orElse(null);
                String roleArn = f.deliverLogsPermissionArn();
                String roleName = roleArn == null || roleArn.isEmpty()
                        ? null
                        : RoleRef.parse(roleArn).name();
                boolean roleExists = false;
                List<PolicyDocument> policies = List.of();
                PolicyDocument trust = null;
                Optional<Role> role = roleName == null || roleName.isEmpty() ? Optional.empty() : iam.role(roleName);
                if (role.isPresent()) {
                    roleExists = true;
                    policies = iam.rolePolicies(roleName);
                    trust = role.get().assumeRolePolicyDocument() == null
                            ? null
                            : PolicyDocument.parse(
                                    "trust policy of " + roleName, role.get().assumeRolePolicyDocument());
                }
                var facts = new FlowLogDelivery.Facts(
                        f.flowLogId(),
                        f.trafficTypeAsString(),
                        f.logDestinationTypeAsString(),
                        group,
                        logGroup == null ? null : logGroup.arn(),
                        logGroup != null,
                        roleArn,
                        roleExists,
                        policies,
                        trust);
                List<String> p = FlowLogDelivery.problems(facts);
                lines.add(vpc + ": " + FlowLogDelivery.describe(facts, p));
                if (p.isEmpty()) {
                    good = true;
                }
                vpcProblems.addAll(p);
            }
            if (!good) {
                problems.add("VPC " + vpc
                        + " has no flow log that records ALL traffic into an existing log group through a role allowed to write it"
                        + (vpcProblems.isEmpty() ? ": it has no flow log" : ": " + String.join("; ", vpcProblems)));
            }
        }
        ctx.evidence().record("flow logs", lines.isEmpty() ? List.of("none") : lines);
        assertThat(problems).as("flow logs of the stack's VPCs %s", vpcs).isEmpty();
    }
}
