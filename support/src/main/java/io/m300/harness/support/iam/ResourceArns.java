package io.m300.harness.support.iam;

import static io.m300.harness.support.iam.RequestParts.named;
import static io.m300.harness.support.iam.RequestParts.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.m300.harness.support.aws.Arns;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The resource ARNs a call names, for the services the nightly policy scopes by name (IAM, Lambda,
 * EventBridge, SNS, SQS, SSM, S3, and RDS, KMS, Logs, CloudWatch where the request names them); every
 * other call is checked on {@code "*"} or per resource type.
 */
final class ResourceArns {

    private final String account;

    /** {@code account}: the account whose ARNs the run's resources get. */
    ResourceArns(String account) {
        this.account = account;
    }

    /** The ARNs of the resources the call names. */
    List<String> of(
            String service,
            String operation,
            RecordedRequest r,
            Map<String, String> form,
            JsonNode json,
            String region) {
        List<String> out = new ArrayList<>();
        switch (service) {
            case "s3" -> out.addAll(RestS3.resources(r));
            case "lambda" -> out.addAll(RestLambda.resources(r, operation, res -> arn("lambda", region, res)));
            case "events" -> {
                String rule = text(json, "Name");
                if (rule == null) {
                    rule = text(json, "Rule");
                }
                if (rule != null) {
                    out.add(Arns.isArn(rule) ? rule : arn("events", region, "rule/" + rule));
                }
                String arn = text(json, "ResourceARN");
                if (arn != null) {
                    out.add(arn);
                }
            }
            case "sns" -> {
                for (String key : List.of("TopicArn", "ResourceArn")) {
                    if (form.containsKey(key)) {
                        out.add(form.get(key));
                    }
                }
                if (form.containsKey("SubscriptionArn")) {
                    String s = form.get("SubscriptionArn");
                    int cut = s.lastIndexOf(':');
                    out.add(cut > 0 && s.chars().filter(c -> c == ':').count() >= 6 ? s.substring(0, cut) : s);
                }
                if (operation.equals("CreateTopic") && form.containsKey("Name")) {
                    out.add(arn("sns", region, form.get("Name")));
                }
            }
            case "sqs" -> {
                String url = text(json, "QueueUrl");
                if (url == null) {
                    url = form.get("QueueUrl");
                }
                String name = url != null ? url.substring(url.lastIndexOf('/') + 1) : text(json, "QueueName");
                if (name == null) {
                    name = form.get("QueueName");
                }
                if (name != null) {
                    out.add(arn("sqs", region, name));
                }
            }
            case "ssm" -> {
                List<String> names = new ArrayList<>();
                if (text(json, "Name") != null) {
                    names.add(text(json, "Name"));
                }
                if (json != null && json.path("Names").isArray()) {
                    json.get("Names").forEach(n -> names.add(n.asText()));
                }
                if (text(json, "Path") != null) {
                    names.add(text(json, "Path"));
                }
                if ("Parameter".equals(text(json, "ResourceType")) && text(json, "ResourceId") != null) {
                    names.add(text(json, "ResourceId"));
                }
                for (String n : names) {
                    out.add(Arns.isArn(n) ? n : arn("ssm", region, "parameter" + (n.startsWith("/") ? "" : "/") + n));
                }
            }
            case "iam" -> {
                if (form.containsKey("RoleName")) {
                    out.add(Arns.of("iam", "", account, "role" + path(form) + form.get("RoleName")));
                }
                if (form.containsKey("PolicyArn")
                        && !operation.equals("AttachRolePolicy")
                        && !operation.equals("DetachRolePolicy")) {
                    out.add(form.get("PolicyArn"));
                }
                if (operation.equals("CreatePolicy") && form.containsKey("PolicyName")) {
                    out.add(Arns.of("iam", "", account, "policy" + path(form) + form.get("PolicyName")));
                }
                if (form.containsKey("UserName") && !form.get("UserName").isEmpty()) {
                    out.add(Arns.of("iam", "", account, "user/" + form.get("UserName")));
                }
                if (form.containsKey("PolicySourceArn")) {
                    out.add(form.get("PolicySourceArn"));
                }
            }
            case "kms" -> {
                // an alias call is authorised on the alias and on the key it points to
                String alias = text(json, "AliasName");
                if (alias != null && operation.endsWith("Alias")) {
                    out.add(arn("kms", region, alias));
                    String key = text(json, "TargetKeyId");
                    if (key != null) {
                        out.add(Arns.isArn(key) ? key : arn("kms", region, "key/" + key));
                    }
                }
            }
            case "rds" -> {
                if (operation.equals("CreateDBInstance")
                        || operation.equals("DeleteDBInstance")
                        || operation.equals("ModifyDBInstance")) {
                    rdsNamed(out, region, "db:", form.get("DBInstanceIdentifier"));
                }
                if (operation.endsWith("DBSubnetGroup")) {
                    rdsNamed(out, region, "subgrp:", form.get("DBSubnetGroupName"));
                }
                if (form.containsKey("ResourceName")) {
                    out.add(form.get("ResourceName"));
                }
                // a snapshot is authorised on the snapshot and, when taken, on the instance it is taken of
                if (operation.equals("CreateDBSnapshot") || operation.equals("DeleteDBSnapshot")) {
                    if (form.containsKey("DBInstanceIdentifier")) {
                        out.add(arn(
                                "rds",
                                region,
                                "db:" + form.get("DBInstanceIdentifier").toLowerCase(Locale.ROOT)));
                    }
                    if (form.containsKey("DBSnapshotIdentifier")) {
                        out.add(arn(
                                "rds",
                                region,
                                "snapshot:" + form.get("DBSnapshotIdentifier").toLowerCase(Locale.ROOT)));
                    }
                }
            }
            case "logs" -> {
                String group = text(json, "logGroupName");
                String named = group != null
                        ? group
                        : text(json, "logGroupIdentifier") != null
                                ? text(json, "logGroupIdentifier")
                                : text(json, "resourceArn");
                if (named != null) {
                    out.add(
                            Arns.isArn(named)
                                    ? named.replaceAll(":\\*$", "")
                                    : arn("logs", region, "log-group:" + named));
                }
            }
            case "cloudwatch" -> {
                if (form.containsKey("AlarmName")) {
                    out.add(arn("cloudwatch", region, "alarm:" + form.get("AlarmName")));
                }
                form.forEach((k, v) -> {
                    if (k.startsWith("AlarmNames.member.")) {
                        out.add(arn("cloudwatch", region, "alarm:" + v));
                    }
                });
                if (form.containsKey("ResourceARN")) {
                    out.add(form.get("ResourceARN"));
                }
            }
            default -> {
                // checked on "*" (the nightly policy grants these services' actions by tag) or per resource type
            }
        }
        return out;
    }

    /** The ARN of an RDS resource named {@code name} (in lower case, as RDS keeps names), unless the name is blank. */
    private void rdsNamed(List<String> out, String region, String type, String name) {
        if (name != null && !name.isBlank()) {
            out.add(arn("rds", region, type + name.toLowerCase(Locale.ROOT)));
        }
    }

    private String arn(String service, String region, String resource) {
        return Arns.of(service, region, account, resource);
    }

    private static String path(Map<String, String> form) {
        String p = form.getOrDefault("Path", "/");
        return p.endsWith("/") ? p : p + "/";
    }
}
