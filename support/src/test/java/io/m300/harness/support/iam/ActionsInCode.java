package io.m300.harness.support.iam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The AWS actions Java code calls, read from its source: every SDK call through {@code AwsClients}
 * ({@code aws.iam().listRoleTags(...)}, or a local {@code var iam = aws.iam();} then
 * {@code iam.listRoleTags(...)}) and every CloudWatch Query call ({@code call("DescribeAlarms", ...)}).
 * A simple, conservative reading: enough to see that a policy lacks an action the code makes.
 */
final class ActionsInCode {

    private static final Map<String, String> PREFIX = Map.ofEntries(
            Map.entry("ec2", "ec2"),
            Map.entry("rds", "rds"),
            Map.entry("iam", "iam"),
            Map.entry("kms", "kms"),
            Map.entry("ssm", "ssm"),
            Map.entry("sts", "sts"),
            Map.entry("logs", "logs"),
            Map.entry("sns", "sns"),
            Map.entry("sqs", "sqs"),
            Map.entry("ecs", "ecs"),
            Map.entry("elbv2", "elasticloadbalancing"),
            Map.entry("lambda", "lambda"),
            Map.entry("events", "events"),
            Map.entry("acm", "acm"),
            Map.entry("s3", "s3"),
            Map.entry("cloudWatchQuery", "cloudwatch"));

    /** S3's SDK operations whose IAM action has another name. */
    private static final Map<String, String> S3 = Map.ofEntries(
            Map.entry("ListObjectVersions", "ListBucketVersions"),
            Map.entry("ListObjectsV2", "ListBucket"),
            Map.entry("ListObjects", "ListBucket"),
            Map.entry("DeleteObjects", "DeleteObject"),
            Map.entry("HeadObject", "GetObject"),
            Map.entry("ListBuckets", "ListAllMyBuckets"),
            Map.entry("HeadBucket", "ListBucket"),
            Map.entry("GetObjectAsBytes", "GetObject"),
            Map.entry("GetPublicAccessBlock", "GetBucketPublicAccessBlock"),
            Map.entry("PutPublicAccessBlock", "PutBucketPublicAccessBlock"),
            Map.entry("GetBucketEncryption", "GetEncryptionConfiguration"),
            Map.entry("PutBucketEncryption", "PutEncryptionConfiguration"));

    /** CloudWatchQuery's own methods and the actions they make. */
    private static final Map<String, String> CW = Map.of(
            "DescribeAlarms",
            "DescribeAlarms",
            "SetAlarmState",
            "SetAlarmState",
            "ListTagsForResource",
            "ListTagsForResource",
            "DeleteAlarms",
            "DeleteAlarms",
            "PutMetricAlarm",
            "PutMetricAlarm");

    private static final Pattern DIRECT = Pattern.compile("aws\\(?\\)?\\.(\\w+)\\(\\)\\.(\\w+)\\(");
    private static final Pattern ALIAS = Pattern.compile("var (\\w+) = (?:\\w+\\.)?aws\\(?\\)?\\.(\\w+)\\(\\);");

    private ActionsInCode() {}

    static TreeSet<String> in(Path... roots) {
        TreeSet<String> actions = new TreeSet<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> actions.addAll(inFile(f)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return actions;
    }

    static TreeSet<String> inFile(Path file) {
        String src;
        try {
            src = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TreeSet<String> actions = new TreeSet<>();
        Matcher d = DIRECT.matcher(src);
        while (d.find()) {
            add(actions, d.group(1), d.group(2));
        }
        Matcher a = ALIAS.matcher(src);
        while (a.find()) {
            String var = a.group(1);
            String service = a.group(2);
            Matcher calls = Pattern.compile("\\b" + var + "\\.(\\w+)\\(").matcher(src);
            while (calls.find()) {
                add(actions, service, calls.group(1));
            }
        }
        if (file.getFileName().toString().equals("CloudWatchQuery.java")) {
            Matcher c = Pattern.compile("call\\(\"(\\w+)\"").matcher(src);
            while (c.find()) {
                actions.add("cloudwatch:" + c.group(1));
            }
        }
        return actions;
    }

    private static void add(TreeSet<String> actions, String service, String method) {
        String prefix = PREFIX.get(service);
        if (prefix == null || method.equals("close") || method.equals("serviceName") || method.equals("utilities")) {
            return;
        }
        String op =
                Character.toUpperCase(method.charAt(0)) + method.substring(1).replaceAll("Paginator$", "");
        if (prefix.equals("s3")) {
            op = S3.getOrDefault(op, op);
        }
        if (prefix.equals("lambda") && op.equals("Invoke")) {
            op = "InvokeFunction";
        }
        if (prefix.equals("cloudwatch")) {
            op = CW.get(op);
            if (op == null) {
                return;
            }
        }
        actions.add(prefix + ":" + op);
    }
}
