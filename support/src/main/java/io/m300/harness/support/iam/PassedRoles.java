package io.m300.harness.support.iam;

import static io.m300.harness.support.iam.RequestParts.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The roles a call hands to a service: each implies {@code iam:PassRole} with {@code iam:PassedToService}. */
final class PassedRoles {

    private PassedRoles() {}

    /** {@code [role ARN, service it is passed to]} for every role the call hands to a service. */
    static List<String[]> of(String service, String operation, Map<String, String> form, JsonNode json) {
        List<String[]> out = new ArrayList<>();
        String op = service + ":" + operation;
        switch (op) {
            case "lambda:CreateFunction", "lambda:UpdateFunctionConfiguration" ->
                add(out, text(json, "Role"), "lambda.amazonaws.com");
            case "ecs:RegisterTaskDefinition" -> {
                add(out, text(json, "taskRoleArn"), "ecs-tasks.amazonaws.com");
                add(out, text(json, "executionRoleArn"), "ecs-tasks.amazonaws.com");
            }
            case "ec2:CreateFlowLogs" -> add(out, form.get("DeliverLogsPermissionArn"), "vpc-flow-logs.amazonaws.com");
            case "rds:CreateDBInstance", "rds:ModifyDBInstance" ->
                add(out, form.get("MonitoringRoleArn"), "monitoring.rds.amazonaws.com");
            case "events:PutTargets" -> {
                if (json != null && json.path("Targets").isArray()) {
                    json.get("Targets")
                            .forEach(t -> add(
                                    out,
                                    t.hasNonNull("RoleArn") ? t.get("RoleArn").asText() : null,
                                    "events.amazonaws.com"));
                }
            }
            default -> {}
        }
        return out;
    }

    private static void add(List<String[]> out, String role, String service) {
        if (role != null && !role.isBlank()) {
            out.add(new String[] {role, service});
        }
    }
}
