package io.m300.harness.support.iam;

import static io.m300.harness.support.iam.RequestParts.lastName;
import static io.m300.harness.support.iam.RequestParts.named;
import static io.m300.harness.support.iam.RequestParts.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.m300.harness.support.aws.Arns;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.arns.Arn;

/** The resources a call acts on and those it creates or tags, as {@code kind:name}, per service. */
final class CallSubjects {

    private static final Pattern EC2_ID = ApiCallTables.TABLES.ec2Id();

    private CallSubjects() {}

    /**
     * The resources a call acts on ({@code acted}) and those it creates or tags ({@code created}),
     * as {@code kind:name}. EC2's are ids (the create call's response holds them: their tags come
     * from moto at the end of the run); the others are names, so the create call names them.
     */
    static void subjects(
            String service,
            String operation,
            Map<String, String> form,
            JsonNode json,
            List<String> acted,
            List<String> created) {
        switch (service) {
            case "ec2" -> {
                for (Map.Entry<String, String> e : form.entrySet()) {
                    String k = e.getKey();
                    if (k.equals("Action")
                            || k.equals("Version")
                            || k.startsWith("Filter.")
                            || k.startsWith("TagSpecification.")
                            || k.startsWith("IpPermissions.")
                            || operation.endsWith("Route") && !k.equals("RouteTableId")) {
                        continue; // a rule's peer group, a route's target: not the resource the call changes
                    }
                    if (EC2_ID.matcher(e.getValue()).matches()) {
                        (operation.equals("CreateTags") && k.startsWith("ResourceId.") ? created : acted)
                                .add("ec2:" + e.getValue());
                    }
                }
            }
            case "rds" -> {
                String db = form.get("DBInstanceIdentifier");
                String snap = form.get("DBSnapshotIdentifier");
                String grp = form.get("DBSubnetGroupName");
                switch (operation) {
                    case "CreateDBInstance" -> named(created, "rds:db:", db);
                    case "CreateDBSnapshot" -> {
                        named(created, "rds:snapshot:", snap);
                        named(acted, "rds:db:", db);
                    }
                    case "CreateDBSubnetGroup" -> named(created, "rds:subgrp:", grp);
                    case "DeleteDBSnapshot" -> named(acted, "rds:snapshot:", snap);
                    case "DeleteDBSubnetGroup", "ModifyDBSubnetGroup" -> named(acted, "rds:subgrp:", grp);
                    default -> named(acted, "rds:db:", db);
                }
                String arn = form.get("ResourceName");
                if (arn != null) {
                    Arns.parse(arn)
                            .map(Arn::resource)
                            .filter(res -> res.resourceType().isPresent())
                            .ifPresent(res -> (operation.equals("AddTagsToResource") ? created : acted)
                                    .add("rds:" + res.resourceType().get() + ":"
                                            + res.resource().toLowerCase(Locale.ROOT)));
                }
            }
            case "elasticloadbalancing" -> {
                switch (operation) {
                    case "CreateLoadBalancer" -> named(created, "elb:lb:", form.get("Name"));
                    case "CreateTargetGroup" -> named(created, "elb:tg:", form.get("Name"));
                    case "CreateListener" -> {
                        String lb = elbSubject(form.get("LoadBalancerArn"));
                        if (lb != null) {
                            acted.add(lb);
                            created.add("elb:listener-of:" + lb.substring("elb:lb:".length()));
                        }
                    }
                    default -> {
                        for (Map.Entry<String, String> e : form.entrySet()) {
                            if (e.getKey()
                                    .matches(
                                            "(LoadBalancerArn|TargetGroupArn|ListenerArn|RuleArn|ResourceArns\\.member\\.\\d+)")) {
                                String s = elbSubject(e.getValue());
                                if (s != null) {
                                    (operation.equals("AddTags") ? created : acted).add(s);
                                }
                            }
                        }
                    }
                }
            }
            case "ecs" -> {
                String cluster = lastName(text(json, "cluster"), "default");
                switch (operation) {
                    case "CreateCluster" -> named(created, "ecs:cluster:", text(json, "clusterName"));
                    case "CreateService" -> {
                        named(created, "ecs:service:" + cluster + "/", text(json, "serviceName"));
                        named(acted, "ecs:cluster:", cluster);
                    }
                    case "RegisterTaskDefinition" -> named(created, "ecs:taskdef:", text(json, "family"));
                    case "DeleteCluster", "PutClusterCapacityProviders" -> named(acted, "ecs:cluster:", cluster);
                    case "UpdateService", "DeleteService" ->
                        named(acted, "ecs:service:" + cluster + "/", lastName(text(json, "service"), null));
                    case "DeregisterTaskDefinition" -> {
                        String td = lastName(text(json, "taskDefinition"), null);
                        named(acted, "ecs:taskdef:", td == null ? null : td.replaceAll(":\\d+$", ""));
                    }
                    default -> {}
                }
            }
            case "logs" -> {
                String group = text(json, "logGroupName");
                if (group == null && text(json, "logGroupIdentifier") != null) {
                    group = text(json, "logGroupIdentifier")
                            .replaceAll("^arn:.*:log-group:", "")
                            .replaceAll(":\\*$", "");
                }
                if (group == null && text(json, "resourceArn") != null) {
                    group = text(json, "resourceArn")
                            .replaceAll("^arn:.*:log-group:", "")
                            .replaceAll(":\\*$", "");
                }
                boolean creates = operation.equals("CreateLogGroup")
                        || operation.equals("TagLogGroup")
                        || operation.equals("TagResource");
                named(creates ? created : acted, "logs:group:", group);
            }
            case "cloudwatch" -> {
                if (operation.equals("PutMetricAlarm")) {
                    named(created, "cw:alarm:", form.get("AlarmName"));
                } else {
                    named(acted, "cw:alarm:", form.get("AlarmName"));
                    form.forEach((k, v) -> {
                        if (k.startsWith("AlarmNames.member.")) {
                            acted.add("cw:alarm:" + v);
                        }
                    });
                    Arns.parse(form.get("ResourceARN"))
                            .map(Arn::resourceAsString)
                            .filter(res -> res.startsWith("alarm:"))
                            .ifPresent(res -> (operation.equals("TagResource") ? created : acted)
                                    .add("cw:alarm:" + res.substring("alarm:".length())));
                }
            }
            case "kms" -> {
                String key = text(json, "KeyId") != null ? text(json, "KeyId") : text(json, "TargetKeyId");
                if (key != null && !key.startsWith("alias/") && !key.contains(":alias/")) {
                    key = key.contains(":key/") ? key.substring(key.indexOf(":key/") + 5) : key;
                    (operation.equals("TagResource") ? created : acted).add("kms:" + key);
                }
            }
            case "iam" -> {
                String role = form.get("RoleName");
                if (role != null && !role.isBlank()) {
                    (operation.equals("CreateRole") || operation.equals("TagRole") ? created : acted)
                            .add("iam:role:" + role);
                }
                String policy = operation.equals("CreatePolicy")
                        ? form.get("PolicyName")
                        : form.containsKey("PolicyArn") && !operation.endsWith("RolePolicy")
                                ? lastName(form.get("PolicyArn"), null)
                                : null;
                if (policy != null && !policy.isBlank()) {
                    (operation.equals("CreatePolicy") || operation.equals("TagPolicy") ? created : acted)
                            .add("iam:policy:" + policy);
                }
            }
            case "acm" -> {
                String cert = text(json, "CertificateArn");
                if (cert != null) {
                    (operation.equals("AddTagsToCertificate") ? created : acted).add("acm:" + cert);
                }
            }
            default -> {}
        }
    }

    /** {@code elb:lb:NAME}, {@code elb:tg:NAME} or {@code elb:listener-of:LBNAME} from an ELBv2 ARN. */
    static String elbSubject(String arn) {
        Optional<Arn> parsed = Arns.parse(arn);
        if (parsed.isEmpty()) {
            return null;
        }
        String[] p = parsed.get().resourceAsString().split("/");
        if (p.length >= 3 && p[0].equals("loadbalancer")) {
            return "elb:lb:" + p[2];
        }
        if (p.length >= 2 && p[0].equals("targetgroup")) {
            return "elb:tg:" + p[1];
        }
        if (p.length >= 3 && (p[0].equals("listener") || p[0].equals("listener-rule"))) {
            return "elb:listener-of:" + p[2];
        }
        return null;
    }
}
