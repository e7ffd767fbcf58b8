package io.m300.harness.support.network;

import io.m300.harness.support.aws.Arns;
import io.m300.harness.support.iam.PolicyAnalysis;
import io.m300.harness.support.iam.PolicyDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a VPC flow log really records (NET-07): all traffic, into a CloudWatch log group that
 * exists, delivered by a role that exists and whose policies allow writing to that group
 * ({@code logs:CreateLogStream} and {@code logs:PutLogEvents} on the group's log streams, judged by
 * {@link PolicyAnalysis#allows}).
 */
public final class FlowLogDelivery {

    /** What the delivery role must be allowed on the group's log streams. */
    public static final List<String> WRITE_ACTIONS = List.of("logs:CreateLogStream", "logs:PutLogEvents");

    /**
     * What was read about one flow log. {@code roleExists} is false when IAM does not know the role
     * of {@code deliverLogsPermissionArn}; {@code rolePolicies} are its policies (attached and inline).
     */
    public record Facts(
            String flowLogId,
            String trafficType,
            String destinationType,
            String logGroupName,
            String logGroupArn,
            boolean logGroupExists,
            String deliverLogsPermissionArn,
            boolean roleExists,
            List<PolicyDocument> rolePolicies,
            PolicyDocument trustPolicy) {}

    /** The service that delivers flow logs to CloudWatch Logs: it must be able to assume the delivery role. */
    public static final String FLOW_LOGS_SERVICE = "vpc-flow-logs.amazonaws.com";

    private FlowLogDelivery() {}

    /**
     * The evidence line of one flow log: what it records, where to, through which role (its
     * policies, whom it trusts), and its {@code problems} or that it records.
     */
    public static String describe(Facts f, List<String> problems) {
        String role = !f.roleExists()
                ? " (not in IAM)"
                : " with "
                        + f.rolePolicies().stream().map(PolicyDocument::name).toList() + ", trusting "
                        + (f.trustPolicy() == null
                                ? "nobody"
                                : f.trustPolicy().statements().stream()
                                        .filter(PolicyDocument.Statement::isAllow)
                                        .map(PolicyDocument.Statement::principal)
                                        .toList());
        return f.flowLogId() + ": traffic " + f.trafficType() + ", destination " + f.destinationType()
                + ", log group " + f.logGroupName() + (f.logGroupExists() ? " (exists)" : " (does not exist)")
                + ", role " + f.deliverLogsPermissionArn() + role
                + (problems.isEmpty() ? ": records" : ": " + String.join("; ", problems));
    }

    /** Everything that keeps this flow log from recording all traffic into an existing group; empty means it does. */
    public static List<String> problems(Facts f) {
        List<String> out = new ArrayList<>();
        if (!"ALL".equals(f.trafficType())) {
            out.add(f.flowLogId() + " records " + f.trafficType() + " traffic, not ALL");
        }
        if (!"cloud-watch-logs".equals(f.destinationType())) {
            out.add(f.flowLogId() + " delivers to " + f.destinationType() + ", not to CloudWatch Logs");
            return out;
        }
        if (f.logGroupName() == null) {
            out.add(f.flowLogId() + " names no log group");
            return out;
        }
        if (!f.logGroupExists()) {
            out.add(f.flowLogId() + " delivers to log group " + f.logGroupName() + ", which does not exist");
        }
        if (f.deliverLogsPermissionArn() == null || f.deliverLogsPermissionArn().isEmpty()) {
            out.add(f.flowLogId() + " has no delivery role (DeliverLogsPermissionArn)");
        } else if (!f.roleExists()) {
            out.add(f.flowLogId() + " delivers through role " + f.deliverLogsPermissionArn()
                    + ", which does not exist in IAM");
        } else {
            trustProblem(f.deliverLogsPermissionArn(), f.trustPolicy()).ifPresent(out::add);
            if (f.logGroupArn() != null) {
                out.addAll(writeProblems(f.deliverLogsPermissionArn(), f.rolePolicies(), f.logGroupArn()));
            }
        }
        return out;
    }

    /**
     * Why the flow-logs service cannot assume the role; empty when an Allow statement of its trust
     * policy lets {@code vpc-flow-logs.amazonaws.com} (or every principal) {@code sts:AssumeRole}
     * and no Deny without a condition takes it back. A condition on an Allow (the recommended
     * {@code aws:SourceAccount}/{@code aws:SourceArn}) still lets the service in for the stack's own flow logs.
     */
    public static Optional<String> trustProblem(String role, PolicyDocument trust) {
        if (trust == null) {
            return Optional.of("role " + role + " has no trust policy: the flow-logs service cannot assume it");
        }
        boolean allowed = false;
        for (PolicyDocument.Statement st : trust.statements()) {
            boolean service = st.principal().getOrDefault("Service", List.of()).contains(FLOW_LOGS_SERVICE)
                    || st.principal().containsKey("*")
                    || st.principal().getOrDefault("AWS", List.of()).contains("*");
            boolean assume = st.actions().stream()
                    .anyMatch(
                            a -> a.equalsIgnoreCase("sts:AssumeRole") || a.equals("*") || a.equalsIgnoreCase("sts:*"));
            if (!service || !assume) {
                continue;
            }
            if (st.isDeny() && !st.hasCondition()) {
                return Optional.of("the trust policy of role " + role + " denies " + FLOW_LOGS_SERVICE
                        + " sts:AssumeRole (" + st.label() + ")");
            }
            allowed |= st.isAllow();
        }
        return allowed
                ? Optional.empty()
                : Optional.of("the trust policy of role " + role + " does not let " + FLOW_LOGS_SERVICE
                        + " assume it (it trusts "
                        + trust.statements().stream()
                                .filter(PolicyDocument.Statement::isAllow)
                                .map(PolicyDocument.Statement::principal)
                                .toList()
                        + ")");
    }

    /** The write actions the role's policies do not allow on a log stream of the group. */
    public static List<String> writeProblems(String role, List<PolicyDocument> policies, String logGroupArn) {
        String stream = logGroupArn(logGroupArn) + ":log-stream:eni-00000000-all";
        List<String> out = new ArrayList<>();
        for (String action : WRITE_ACTIONS) {
            if (!PolicyAnalysis.allows(policies, action, stream)) {
                out.add("role " + role + " may not " + action + " on " + stream + " (its policies: "
                        + policies.stream().map(PolicyDocument::name).toList() + ")");
            }
        }
        return out;
    }

    /** {@code arn:aws:logs:r:a:log-group:NAME} from the same with or without a trailing {@code :*}. */
    public static String logGroupArn(String arn) {
        return arn != null && arn.endsWith(":*") ? arn.substring(0, arn.length() - 2) : arn;
    }

    /** The group name in a log group ARN, or null when it is not one. */
    public static String logGroupName(String arn) {
        if (arn == null) {
            return null;
        }
        return Arns.parse(arn)
                .filter(a -> a.service().equals("logs"))
                .map(a -> a.resourceAsString())
                .filter(r -> r.startsWith("log-group:"))
                .map(r -> logGroupArn(r.substring("log-group:".length())))
                .orElse(null);
    }
}
