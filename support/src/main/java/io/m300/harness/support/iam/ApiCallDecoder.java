package io.m300.harness.support.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a recorded request into the IAM action(s) it needs and the resources it touched.
 *
 * <ul>
 *   <li>Query protocol (EC2, RDS, IAM, ELBv2, SNS, CloudWatch, STS): the {@code Action} parameter of
 *       the form body or URL; the service from the SigV4 credential scope ({@code monitoring} is
 *       CloudWatch's signing name: the IAM prefix is {@code cloudwatch}).</li>
 *   <li>JSON protocol (ECS, KMS, Logs, SSM, ACM, EventBridge, SQS, DynamoDB): {@code X-Amz-Target};
 *       RPC v2 CBOR: {@code /service/<svc>/operation/<op>}.</li>
 *   <li>REST: S3 (path style: bucket and key from the path; the action from method and
 *       sub-resource) and Lambda (method and path rules).</li>
 * </ul>
 * Resource ARNs are derived for the services the nightly policy scopes by name (IAM, Lambda,
 * EventBridge, SNS, SQS, SSM, S3); every other call is checked on {@code "*"}. A call that passes a
 * role to a service implies {@code iam:PassRole} on that role with {@code iam:PassedToService}.
 */
public final class ApiCallDecoder {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Signing names whose IAM prefix differs. */
    private static final Map<String, String> IAM_PREFIX = Map.of("monitoring", "cloudwatch", "email", "ses");

    /** API operations whose IAM action has another name (service:Operation -> service:action). */
    static final Map<String, String> ACTION_NAMES = Map.ofEntries(
            Map.entry("lambda:Invoke", "lambda:InvokeFunction"),
            Map.entry("lambda:ListTags", "lambda:ListTags"),
            Map.entry("s3:HeadBucket", "s3:ListBucket"),
            Map.entry("s3:ListObjects", "s3:ListBucket"),
            Map.entry("s3:ListObjectsV2", "s3:ListBucket"),
            Map.entry("s3:ListObjectVersions", "s3:ListBucketVersions"),
            Map.entry("s3:HeadObject", "s3:GetObject"),
            Map.entry("s3:DeleteObjects", "s3:DeleteObject"),
            Map.entry("s3:ListBuckets", "s3:ListAllMyBuckets"),
            Map.entry("s3:GetBucketEncryption", "s3:GetEncryptionConfiguration"),
            Map.entry("s3:PutBucketEncryption", "s3:PutEncryptionConfiguration"),
            Map.entry("s3:DeleteBucketEncryption", "s3:PutEncryptionConfiguration"),
            Map.entry("s3:GetBucketLifecycleConfiguration", "s3:GetLifecycleConfiguration"),
            Map.entry("s3:PutBucketLifecycleConfiguration", "s3:PutLifecycleConfiguration"),
            Map.entry("s3:GetBucketCors", "s3:GetBucketCORS"),
            Map.entry("s3:GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock"),
            Map.entry("s3:PutPublicAccessBlock", "s3:PutBucketPublicAccessBlock"),
            Map.entry("s3:DeletePublicAccessBlock", "s3:PutBucketPublicAccessBlock"),
            Map.entry("s3:GetBucketAccelerateConfiguration", "s3:GetAccelerateConfiguration"),
            Map.entry("s3:GetBucketReplication", "s3:GetReplicationConfiguration"),
            Map.entry("s3:GetObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration"),
            Map.entry("s3:GetBucketNotificationConfiguration", "s3:GetBucketNotification"),
            Map.entry("s3:GetBucketWebsite", "s3:GetBucketWebsite"),
            Map.entry("s3:DeleteBucketPolicy", "s3:DeleteBucketPolicy"),
            Map.entry("s3:DeleteBucketTagging", "s3:PutBucketTagging"),
            Map.entry("s3:CreateMultipartUpload", "s3:PutObject"),
            Map.entry("s3:UploadPart", "s3:PutObject"),
            Map.entry("s3:CompleteMultipartUpload", "s3:PutObject"),
            Map.entry("s3:ListMultipartUploads", "s3:ListBucketMultipartUploads"),
            Map.entry("s3:ListParts", "s3:ListMultipartUploadParts"));

    /** S3 sub-resources (query keys) -> operation, per method, bucket level. */
    private static final Map<String, Map<String, String>> S3_BUCKET = Map.of(
            "GET",
                    ordered(
                            "versions",
                            "ListObjectVersions",
                            "versioning",
                            "GetBucketVersioning",
                            "encryption",
                            "GetBucketEncryption",
                            "policy",
                            "GetBucketPolicy",
                            "publicAccessBlock",
                            "GetPublicAccessBlock",
                            "tagging",
                            "GetBucketTagging",
                            "acl",
                            "GetBucketAcl",
                            "location",
                            "GetBucketLocation",
                            "lifecycle",
                            "GetBucketLifecycleConfiguration",
                            "logging",
                            "GetBucketLogging",
                            "cors",
                            "GetBucketCors",
                            "website",
                            "GetBucketWebsite",
                            "ownershipControls",
                            "GetBucketOwnershipControls",
                            "replication",
                            "GetBucketReplication",
                            "object-lock",
                            "GetObjectLockConfiguration",
                            "accelerate",
                            "GetBucketAccelerateConfiguration",
                            "requestPayment",
                            "GetBucketRequestPayment",
                            "notification",
                            "GetBucketNotificationConfiguration",
                            "uploads",
                            "ListMultipartUploads",
                            "policyStatus",
                            "GetBucketPolicyStatus",
                            "list-type",
                            "ListObjectsV2"),
            "PUT",
                    ordered(
                            "versioning",
                            "PutBucketVersioning",
                            "encryption",
                            "PutBucketEncryption",
                            "policy",
                            "PutBucketPolicy",
                            "publicAccessBlock",
                            "PutPublicAccessBlock",
                            "tagging",
                            "PutBucketTagging",
                            "acl",
                            "PutBucketAcl",
                            "lifecycle",
                            "PutBucketLifecycleConfiguration",
                            "logging",
                            "PutBucketLogging",
                            "cors",
                            "PutBucketCors",
                            "ownershipControls",
                            "PutBucketOwnershipControls",
                            "object-lock",
                            "PutBucketObjectLockConfiguration"),
            "DELETE",
                    ordered(
                            "encryption",
                            "DeleteBucketEncryption",
                            "policy",
                            "DeleteBucketPolicy",
                            "publicAccessBlock",
                            "DeletePublicAccessBlock",
                            "tagging",
                            "DeleteBucketTagging",
                            "lifecycle",
                            "DeleteBucketLifecycle",
                            "cors",
                            "DeleteBucketCors",
                            "ownershipControls",
                            "DeleteBucketOwnershipControls"),
            "POST", ordered("delete", "DeleteObjects"));

    private static final Map<String, String> S3_BUCKET_DEFAULT =
            Map.of("GET", "ListObjects", "HEAD", "HeadBucket", "PUT", "CreateBucket", "DELETE", "DeleteBucket");

    private static final Map<String, Map<String, String>> S3_OBJECT = Map.of(
            "GET",
                    ordered(
                            "tagging",
                            "GetObjectTagging",
                            "acl",
                            "GetObjectAcl",
                            "uploadId",
                            "ListParts",
                            "versionId",
                            "GetObjectVersion"),
            "PUT", ordered("tagging", "PutObjectTagging", "acl", "PutObjectAcl", "uploadId", "UploadPart"),
            "DELETE",
                    ordered(
                            "tagging",
                            "DeleteObjectTagging",
                            "uploadId",
                            "AbortMultipartUpload",
                            "versionId",
                            "DeleteObjectVersion"),
            "POST", ordered("uploads", "CreateMultipartUpload", "uploadId", "CompleteMultipartUpload"));

    private static final Map<String, String> S3_OBJECT_DEFAULT =
            Map.of("GET", "GetObject", "HEAD", "HeadObject", "PUT", "PutObject", "DELETE", "DeleteObject");

    private record LambdaRule(String method, Pattern path, String operation) {}

    /** Lambda's REST API: the version prefix, then the path; group 1 is the function (or the tagged ARN). */
    private static final List<LambdaRule> LAMBDA = List.of(
            rule("GET", "/2015-03-31/functions/?", "ListFunctions"),
            rule("POST", "/2015-03-31/functions/?", "CreateFunction"),
            rule("GET", "/2015-03-31/functions/([^/]+)/?", "GetFunction"),
            rule("DELETE", "/2015-03-31/functions/([^/]+)/?", "DeleteFunction"),
            rule("GET", "/2015-03-31/functions/([^/]+)/configuration/?", "GetFunctionConfiguration"),
            rule("PUT", "/2015-03-31/functions/([^/]+)/configuration/?", "UpdateFunctionConfiguration"),
            rule("PUT", "/2015-03-31/functions/([^/]+)/code/?", "UpdateFunctionCode"),
            rule("GET", "/2015-03-31/functions/([^/]+)/versions/?", "ListVersionsByFunction"),
            rule("POST", "/2015-03-31/functions/([^/]+)/versions/?", "PublishVersion"),
            rule("GET", "/2015-03-31/functions/([^/]+)/aliases/?", "ListAliases"),
            rule("GET", "/2015-03-31/functions/([^/]+)/policy/?", "GetPolicy"),
            rule("POST", "/2015-03-31/functions/([^/]+)/policy/?", "AddPermission"),
            rule("DELETE", "/2015-03-31/functions/([^/]+)/policy/[^/]+/?", "RemovePermission"),
            rule("POST", "/2015-03-31/functions/([^/]+)/invocations/?", "Invoke"),
            rule(
                    "GET",
                    "/20\\d\\d-\\d\\d-\\d\\d/functions/([^/]+)/code-signing-config/?",
                    "GetFunctionCodeSigningConfig"),
            rule("GET", "/20\\d\\d-\\d\\d-\\d\\d/functions/([^/]+)/concurrency/?", "GetFunctionConcurrency"),
            rule("PUT", "/20\\d\\d-\\d\\d-\\d\\d/functions/([^/]+)/concurrency/?", "PutFunctionConcurrency"),
            rule(
                    "GET",
                    "/20\\d\\d-\\d\\d-\\d\\d/functions/([^/]+)/event-invoke-config/?",
                    "GetFunctionEventInvokeConfig"),
            rule("GET", "/20\\d\\d-\\d\\d-\\d\\d/functions/([^/]+)/url/?", "GetFunctionUrlConfig"),
            rule("GET", "/20\\d\\d-\\d\\d-\\d\\d/functions/([^/]+)/recursion-config/?", "GetFunctionRecursionConfig"),
            rule("GET", "/20\\d\\d-\\d\\d-\\d\\d/tags/(.+)", "ListTags"),
            rule("POST", "/20\\d\\d-\\d\\d-\\d\\d/tags/(.+)", "TagResource"),
            rule("DELETE", "/20\\d\\d-\\d\\d-\\d\\d/tags/(.+)", "UntagResource"));

    /**
     * Context key (not an AWS one) listing the resources a call acts on, as {@code kind:name}
     * ({@code ec2:vpc-0a1b}, {@code rds:db:m300n1-1-db}, {@code elb:lb:m300n1-1-alb}, ...): what
     * {@link RolePolicyCheck#withResourceTags} gives {@code aws:ResourceTag/<key>} for.
     */
    public static final String SUBJECT = "m300:resource";
    /** Context key (not an AWS one): the resources a create or tagging call gives its request tags to. */
    public static final String CREATES = "m300:creates";

    /**
     * A create call that carries tags is also authorised for the service's tagging action, with the
     * same request tags (EC2: ec2:CreateTags with ec2:CreateAction; RDS, ELB, ECS, Logs, ... alike).
     */
    static final Map<String, String> TAG_ON_CREATE = Map.ofEntries(
            Map.entry("ec2", "ec2:CreateTags"), Map.entry("rds", "rds:AddTagsToResource"),
            Map.entry("elasticloadbalancing", "elasticloadbalancing:AddTags"), Map.entry("ecs", "ecs:TagResource"),
            Map.entry("acm", "acm:AddTagsToCertificate"), Map.entry("logs", "logs:TagResource"),
            Map.entry("cloudwatch", "cloudwatch:TagResource"), Map.entry("kms", "kms:TagResource"),
            Map.entry("lambda", "lambda:TagResource"), Map.entry("sns", "sns:TagResource"),
            Map.entry("sqs", "sqs:TagQueue"), Map.entry("events", "events:TagResource"),
            Map.entry("ssm", "ssm:AddTagsToResource"), Map.entry("iam", "iam:TagRole"));

    /** The services whose tagging action has a creation-time condition key (the create call's operation). */
    static final Map<String, String> CREATE_ACTION_KEY = Map.of(
            "ec2",
            "ec2:CreateAction",
            "elasticloadbalancing",
            "elasticloadbalancing:CreateAction",
            "ecs",
            "ecs:CreateAction");

    private static boolean isCreate(String service, String operation) {
        return operation.startsWith("Create")
                || operation.startsWith("Allocate")
                || operation.startsWith("Register")
                || operation.startsWith("Import")
                || operation.equals("PutMetricAlarm")
                || operation.equals("PutRule")
                || operation.equals("PutParameter")
                || operation.equals("StartNetworkInsightsAnalysis");
    }

    private final String account;

    /** {@code account}: the account whose ARNs the run's resources get (moto: 123456789012). */
    public ApiCallDecoder(String account) {
        this.account = account;
    }

    /** The call (and any call it implies); an unmapped request gives one call whose action is null. */
    public List<ApiCall> decode(RecordedRequest r) {
        List<String> scope = r.credentialScope();
        String signing = scope.isEmpty() ? guessService(r) : scope.get(3);
        String region = scope.isEmpty() ? "" : scope.get(2);
        String service = IAM_PREFIX.getOrDefault(signing, signing);
        String where = r.method() + " " + r.path() + queryKeys(r);
        Map<String, String> form = form(r);
        JsonNode json = json(r);
        String operation = operation(r, service, form);
        List<ApiCall> out = new ArrayList<>();
        if (operation == null) {
            out.add(new ApiCall(service, null, null, List.of(), Map.of(), "", where));
            return out;
        }
        String action = ACTION_NAMES.getOrDefault(service + ":" + operation, service + ":" + operation);
        Map<String, List<String>> context = new LinkedHashMap<>();
        String requestedRegion =
                service.equals("iam") || service.equals("sts") && region.isEmpty() ? "us-east-1" : region;
        context.put("aws:RequestedRegion", List.of(requestedRegion));
        List<String> resources = resources(service, operation, r, form, json, region);
        if (action.equals("iam:AttachRolePolicy") && form.containsKey("PolicyArn")) {
            context.put("iam:PolicyARN", List.of(form.get("PolicyArn")));
        }
        if (action.equals("iam:CreateServiceLinkedRole") && form.containsKey("AWSServiceName")) {
            context.put("iam:AWSServiceName", List.of(form.get("AWSServiceName")));
        }
        Map<String, String> tags = requestTags(form, json);
        context.put("aws:TagKeys", List.copyOf(tags.keySet()));
        tags.forEach((k, v) -> context.put("aws:RequestTag/" + k, List.of(v)));
        TagContext.tagSpecifications(form).forEach((type, spec) -> {
            context.merge(
                    TagContext.TAG_SPEC_TYPES,
                    List.of(type),
                    (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream())
                            .toList());
            spec.forEach((k, v) -> context.put(TagContext.TAG_SPEC + type + "|" + k, List.of(v)));
        });
        if (CREATE_ACTION_KEY.containsKey(service) && action.equals(TAG_ON_CREATE.get(service))) {
            context.put(CREATE_ACTION_KEY.get(service), List.of()); // a tagging call of its own: not part of a create
        }
        if (service.equals("iam")
                && (operation.equals("CreateRole") || operation.equals("PutRolePermissionsBoundary"))) {
            context.put(
                    "iam:PermissionsBoundary",
                    form.containsKey("PermissionsBoundary") ? List.of(form.get("PermissionsBoundary")) : List.of());
        }
        List<String> acted = new ArrayList<>();
        List<String> created = new ArrayList<>();
        subjects(service, operation, form, json, acted, created);
        if (List.of("lambda", "sns", "sqs", "events", "ssm").contains(service)) {
            // named resources: the ARN is the subject; a create or tagging call gives it its request tags
            boolean gives = isCreate(service, operation)
                    || operation.contains("Tag") && !operation.startsWith("Untag") && !operation.startsWith("List");
            resources.forEach(arn -> (gives ? created : acted).add("res:" + arn));
        }
        if (!acted.isEmpty()) {
            context.put(SUBJECT, acted);
        }
        if (!created.isEmpty()) {
            context.put(CREATES, created);
        }
        if (action.equals("s3:DeleteObject") && operation.equals("DeleteObjects")) {
            // IAM checks a multi-object delete per object: s3:DeleteObject, or s3:DeleteObjectVersion with a version id
            List<String[]> keys = deletedKeys(r.body());
            String bucket = resources.isEmpty() ? "*" : resources.get(0);
            List<String> plain = keys.stream()
                    .filter(k -> k[1] == null)
                    .map(k -> bucket + "/" + k[0])
                    .toList();
            List<String> versioned = keys.stream()
                    .filter(k -> k[1] != null)
                    .map(k -> bucket + "/" + k[0])
                    .distinct()
                    .toList();
            if (!plain.isEmpty() || versioned.isEmpty()) {
                out.add(new ApiCall(
                        service, operation, action, plain.isEmpty() ? resources : plain, context, "", where));
            }
            if (!versioned.isEmpty()) {
                out.add(new ApiCall(service, operation, "s3:DeleteObjectVersion", versioned, context, "", where));
            }
            return out;
        }
        out.add(new ApiCall(service, operation, action, resources, context, "", where));
        String tagging = operation.equals("CreatePolicy") ? "iam:TagPolicy" : TAG_ON_CREATE.get(service);
        if (!tags.isEmpty() && tagging != null && !action.equals(tagging) && isCreate(service, operation)) {
            Map<String, List<String>> ctx = new LinkedHashMap<>(context);
            ctx.remove(CREATES);
            if (CREATE_ACTION_KEY.containsKey(service)) {
                ctx.put(CREATE_ACTION_KEY.get(service), List.of(operation));
            }
            out.add(new ApiCall(service, operation, tagging, resources, ctx, action, where));
        }
        for (String[] passed : passedRoles(service, operation, form, json)) {
            Map<String, List<String>> ctx = new LinkedHashMap<>();
            ctx.put("aws:RequestedRegion", List.of("us-east-1"));
            ctx.put("iam:PassedToService", List.of(passed[1]));
            ctx.put(SUBJECT, List.of("iam:role:" + passed[0].substring(passed[0].lastIndexOf('/') + 1)));
            out.add(new ApiCall("iam", "PassRole", "iam:PassRole", List.of(passed[0]), ctx, action, where));
        }
        return out;
    }

    private static String operation(RecordedRequest r, String service, Map<String, String> form) {
        if (form.containsKey("Action")) {
            return form.get("Action");
        }
        String target = r.header("X-Amz-Target");
        if (target != null && !target.isBlank()) {
            return target.substring(target.lastIndexOf('.') + 1);
        }
        Matcher cbor = Pattern.compile("/service/[^/]+/operation/([^/]+)").matcher(r.path());
        if (cbor.matches()) {
            return cbor.group(1);
        }
        if (service.equals("s3")) {
            return s3Operation(r);
        }
        if (service.equals("lambda")) {
            for (LambdaRule rule : LAMBDA) {
                if (rule.method().equals(r.method())
                        && rule.path().matcher(r.path()).matches()) {
                    return rule.operation();
                }
            }
        }
        return null;
    }

    private static String s3Operation(RecordedRequest r) {
        List<String> segments = segments(r.path());
        Map<String, String> query = query(r.url().getRawQuery());
        if (segments.isEmpty()) {
            return r.method().equals("GET") ? "ListBuckets" : null;
        }
        boolean object = segments.size() > 1;
        Map<String, String> sub = (object ? S3_OBJECT : S3_BUCKET).getOrDefault(r.method(), Map.of());
        for (Map.Entry<String, String> e : sub.entrySet()) {
            if (query.containsKey(e.getKey())) {
                if (e.getKey().equals("list-type") && !"2".equals(query.get("list-type"))) {
                    continue;
                }
                return e.getValue();
            }
        }
        if (object && r.method().equals("PUT") && r.header("x-amz-copy-source") != null) {
            return "PutObject";
        }
        return (object ? S3_OBJECT_DEFAULT : S3_BUCKET_DEFAULT).get(r.method());
    }

    private List<String> resources(
            String service,
            String operation,
            RecordedRequest r,
            Map<String, String> form,
            JsonNode json,
            String region) {
        List<String> out = new ArrayList<>();
        switch (service) {
            case "s3" -> {
                List<String> seg = segments(r.path());
                if (!seg.isEmpty()) {
                    out.add("arn:aws:s3:::" + String.join("/", seg));
                }
            }
            case "lambda" -> {
                for (LambdaRule rule : LAMBDA) {
                    Matcher m = rule.path().matcher(r.path());
                    if (rule.method().equals(r.method()) && m.matches() && m.groupCount() >= 1) {
                        String fn = decode(m.group(1));
                        out.add(fn.startsWith("arn:") ? unqualified(fn) : arn("lambda", region, "function:" + fn));
                        break;
                    }
                }
                if (operation.equals("CreateFunction") && json != null && json.hasNonNull("FunctionName")) {
                    out.add(arn(
                            "lambda",
                            region,
                            "function:" + json.get("FunctionName").asText()));
                }
            }
            case "events" -> {
                String rule = text(json, "Name");
                if (rule == null) {
                    rule = text(json, "Rule");
                }
                if (rule != null) {
                    out.add(rule.startsWith("arn:") ? rule : arn("events", region, "rule/" + rule));
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
                    out.add(
                            n.startsWith("arn:")
                                    ? n
                                    : arn("ssm", region, "parameter" + (n.startsWith("/") ? "" : "/") + n));
                }
            }
            case "iam" -> {
                if (form.containsKey("RoleName")) {
                    out.add("arn:aws:iam::" + account + ":role" + path(form) + form.get("RoleName"));
                }
                if (form.containsKey("PolicyArn")
                        && !operation.equals("AttachRolePolicy")
                        && !operation.equals("DetachRolePolicy")) {
                    out.add(form.get("PolicyArn"));
                }
                if (operation.equals("CreatePolicy") && form.containsKey("PolicyName")) {
                    out.add("arn:aws:iam::" + account + ":policy" + path(form) + form.get("PolicyName"));
                }
                if (form.containsKey("UserName") && !form.get("UserName").isEmpty()) {
                    out.add("arn:aws:iam::" + account + ":user/" + form.get("UserName"));
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
                        out.add(key.startsWith("arn:") ? key : arn("kms", region, "key/" + key));
                    }
                }
            }
            case "rds" -> {
                if (operation.equals("CreateDBInstance")
                        || operation.equals("DeleteDBInstance")
                        || operation.equals("ModifyDBInstance")) {
                    named(out, arn("rds", region, "db:"), form.get("DBInstanceIdentifier"));
                }
                if (operation.endsWith("DBSubnetGroup")) {
                    named(out, arn("rds", region, "subgrp:"), form.get("DBSubnetGroupName"));
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
                            named.startsWith("arn:")
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

    private static final Pattern QUERY_TAG =
            Pattern.compile("(?:.*\\.)?(?:Tags?|TagSpecification\\.\\d+\\.Tag)\\.(?:member\\.|Tag\\.)?\\d+\\.Key");

    /**
     * The tags (key, value) a request carries: Query {@code TagSpecification.N.Tag.M.Key/Value},
     * {@code Tags.member.N.Key}, {@code Tags.Tag.N.Key}, {@code Tag.N.Key}; JSON {@code Tags}/{@code tags}
     * as a list of {@code {Key,Value}} ({@code key/value}, {@code TagKey/TagValue}) or as a map.
     * Tag keys and values are not secret; nothing else of the body is kept.
     */
    static Map<String, String> requestTags(Map<String, String> form, JsonNode json) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : form.entrySet()) {
            if (QUERY_TAG.matcher(e.getKey()).matches()) {
                String prefix = e.getKey().substring(0, e.getKey().length() - ".Key".length());
                out.put(e.getValue(), form.getOrDefault(prefix + ".Value", ""));
            }
        }
        if (json != null) {
            for (String field : List.of("Tags", "tags")) {
                JsonNode t = json.get(field);
                if (t == null) {
                    continue;
                }
                if (t.isArray()) {
                    for (JsonNode kv : t) {
                        String k = firstText(kv, "Key", "key", "TagKey");
                        if (k != null) {
                            String v = firstText(kv, "Value", "value", "TagValue");
                            out.put(k, v == null ? "" : v);
                        }
                    }
                } else if (t.isObject()) {
                    t.properties()
                            .forEach(kv -> out.put(kv.getKey(), kv.getValue().asText()));
                }
            }
        }
        return out;
    }

    private static String firstText(JsonNode n, String... fields) {
        for (String f : fields) {
            if (n.hasNonNull(f) && n.get(f).isValueNode()) {
                return n.get(f).asText();
            }
        }
        return null;
    }

    private static final Pattern EC2_ID =
            Pattern.compile("(vpc|subnet|sgr|sg|igw|rtb|eipalloc|nat|fl|eni|nip|nia|vpce|acl|dopt|pl)-[0-9a-f]{8,17}");

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
                    String[] p = arn.split(":");
                    if (p.length >= 7) {
                        String kind = p[5].equals("subgrp") ? "subgrp" : p[5];
                        (operation.equals("AddTagsToResource") ? created : acted)
                                .add("rds:" + kind + ":" + p[6].toLowerCase(Locale.ROOT));
                    }
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
                    String arn = form.get("ResourceARN");
                    if (arn != null && arn.contains(":alarm:")) {
                        (operation.equals("TagResource") ? created : acted)
                                .add("cw:alarm:" + arn.substring(arn.indexOf(":alarm:") + 7));
                    }
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
        if (arn == null) {
            return null;
        }
        String[] p = arn.substring(arn.lastIndexOf(':') + 1).split("/");
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

    private static String lastName(String nameOrArn, String dflt) {
        if (nameOrArn == null) {
            return dflt;
        }
        return nameOrArn.startsWith("arn:") ? nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1) : nameOrArn;
    }

    private static void named(List<String> out, String prefix, String name) {
        if (prefix.startsWith("arn:aws:rds:") && name != null) {
            name = name.toLowerCase(Locale.ROOT);
        }
        if (name != null && !name.isBlank()) {
            out.add(prefix + (prefix.startsWith("rds:") ? name.toLowerCase(Locale.ROOT) : name));
        }
    }

    private static final Pattern OBJECT = Pattern.compile("<Object>(.*?)</Object>", Pattern.DOTALL);
    private static final Pattern KEY = Pattern.compile("<Key>(.*?)</Key>", Pattern.DOTALL);
    private static final Pattern VERSION = Pattern.compile("<VersionId>(.*?)</VersionId>", Pattern.DOTALL);

    /** {@code [key, version id or null]} of each object in an S3 multi-object delete body. */
    static List<String[]> deletedKeys(String xml) {
        List<String[]> out = new ArrayList<>();
        Matcher o = OBJECT.matcher(xml);
        while (o.find()) {
            Matcher k = KEY.matcher(o.group(1));
            Matcher v = VERSION.matcher(o.group(1));
            if (k.find()) {
                out.add(new String[] {unescapeXml(k.group(1)), v.find() ? v.group(1) : null});
            }
        }
        return out;
    }

    private static String unescapeXml(String s) {
        return s.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
    }

    /** {@code [role ARN, service it is passed to]} for every role the call hands to a service. */
    private static List<String[]> passedRoles(
            String service, String operation, Map<String, String> form, JsonNode json) {
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

    private String arn(String service, String region, String resource) {
        return "arn:aws:" + service + ":" + region + ":" + account + ":" + resource;
    }

    private static String unqualified(String functionArn) {
        String[] p = functionArn.split(":");
        return p.length > 7 ? String.join(":", java.util.Arrays.copyOf(p, 7)) : functionArn;
    }

    private static String path(Map<String, String> form) {
        String p = form.getOrDefault("Path", "/");
        return p.endsWith("/") ? p : p + "/";
    }

    private static String guessService(RecordedRequest r) {
        String host = r.header("Host");
        return host != null && host.contains(".") ? host.substring(0, host.indexOf('.')) : "unknown";
    }

    /** {@code ?versions&prefix} (the names of the query parameters only, never their values). */
    private static String queryKeys(RecordedRequest r) {
        String q = r.url().getRawQuery();
        if (q == null || q.isEmpty()) {
            return "";
        }
        return "?" + String.join("&", query(q).keySet());
    }

    private static Map<String, String> form(RecordedRequest r) {
        Map<String, String> out = new LinkedHashMap<>(query(r.url().getRawQuery()));
        String type = r.header("Content-Type");
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            out.putAll(query(r.body()));
        }
        return out;
    }

    private static JsonNode json(RecordedRequest r) {
        String b = r.body().trim();
        if (!b.startsWith("{")) {
            return null;
        }
        try {
            return JSON.readTree(b);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    private static String text(JsonNode json, String field) {
        return json != null && json.hasNonNull(field) && json.get(field).isValueNode()
                ? json.get(field).asText()
                : null;
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        String p = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (p.isEmpty()) {
            return out;
        }
        int slash = p.indexOf('/');
        if (slash < 0) {
            out.add(decode(p));
        } else {
            out.add(decode(p.substring(0, slash)));
            String key = p.substring(slash + 1);
            if (!key.isEmpty()) {
                out.add(decode(key));
            }
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static LambdaRule rule(String method, String path, String operation) {
        return new LambdaRule(method, Pattern.compile(path), operation);
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
