package io.m300.harness.support.iam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
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

    /** The {@code AwsClients} accessors named as the IAM prefix of their service. */
    private static final Set<String> SAME_NAME = Set.of(
            "ec2", "rds", "iam", "kms", "ssm", "sts", "logs", "sns", "sqs", "ecs", "lambda", "events", "acm", "s3");

    /** The accessors named otherwise ({@code cloudWatchQuery}: the harness's own CloudWatch Query client). */
    private static final Map<String, String> OTHER_NAME =
            Map.of("elbv2", "elasticloadbalancing", "cloudWatchQuery", "cloudwatch");

    /** CloudWatchQuery's own methods: each makes the action of its name. */
    private static final Set<String> CW =
            Set.of("DescribeAlarms", "SetAlarmState", "ListTagsForResource", "DeleteAlarms", "PutMetricAlarm");

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
        String prefix = SAME_NAME.contains(service) ? service : OTHER_NAME.get(service);
        if (prefix == null || method.equals("close") || method.equals("serviceName") || method.equals("utilities")) {
            return;
        }
        // the SDK's method, as the API operation it makes (a paginator or getObjectAsBytes makes its base operation)
        String op = (Character.toUpperCase(method.charAt(0)) + method.substring(1))
                .replaceAll("Paginator$", "")
                .replaceAll("^(GetObject)AsBytes$", "$1");
        if (prefix.equals("cloudwatch") && !CW.contains(op)) {
            return;
        }
        // the IAM action of the operation, by the decoder's table (s3:HeadObject needs s3:GetObject)
        actions.add(ApiCallDecoder.ACTION_NAMES.getOrDefault(prefix + ":" + op, prefix + ":" + op));
    }
}
