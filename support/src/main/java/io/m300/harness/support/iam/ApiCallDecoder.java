package io.m300.harness.support.iam;

import static io.m300.harness.support.iam.ApiCallTables.TABLES;
import static io.m300.harness.support.iam.CreateCalls.isCreate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns a recorded request into the IAM action(s) it needs and the resources it touched.
 *
 * <ul>
 *   <li>Query protocol (EC2, RDS, IAM, ELBv2, SNS, CloudWatch, STS): the {@code Action} parameter of
 *       the form body or URL; the service from the SigV4 credential scope ({@code monitoring} is
 *       CloudWatch's signing name: the IAM prefix is {@code cloudwatch}).</li>
 *   <li>JSON protocol (ECS, KMS, Logs, SSM, ACM, EventBridge, SQS, DynamoDB): {@code X-Amz-Target};
 *       RPC v2 CBOR: {@code /service/<svc>/operation/<op>}.</li>
 *   <li>REST: S3 ({@link RestS3}) and Lambda ({@link RestLambda}).</li>
 * </ul>
 * The tables (action names, tagging on create, REST routes) are data: {@code api-calls.yaml}. The
 * resources come from {@link ResourceArns}, the subjects from {@link CallSubjects}, the request tags
 * from {@link RequestTags}. A call that passes a role to a service implies {@code iam:PassRole} on that
 * role with {@code iam:PassedToService} ({@link PassedRoles}).
 */
public final class ApiCallDecoder {

    /** API operations whose IAM action has another name (service:Operation -> service:action). */
    static final Map<String, String> ACTION_NAMES = TABLES.actionNames();

    /**
     * Context key (not an AWS one) listing the resources a call acts on, as {@code kind:name}
     * ({@code ec2:vpc-0a1b}, {@code rds:db:m300n1-1-db}, {@code elb:lb:m300n1-1-alb}, ...): what
     * {@link RolePolicyCheck#withResourceTags} gives {@code aws:ResourceTag/<key>} for.
     */
    public static final String SUBJECT = "m300:resource";
    /** Context key (not an AWS one): the resources a create or tagging call gives its request tags to. */
    public static final String CREATES = "m300:creates";

    private static final Pattern CBOR = Pattern.compile("/service/[^/]+/operation/([^/]+)");

    private final ResourceArns arns;

    /** {@code account}: the account whose ARNs the run's resources get (moto: 123456789012). */
    public ApiCallDecoder(String account) {
        this.arns = new ResourceArns(account);
    }

    /** The call (and any call it implies); an unmapped request gives one call whose action is null. */
    public List<ApiCall> decode(RecordedRequest r) {
        List<String> scope = r.credentialScope();
        String signing = scope.isEmpty() ? RequestParts.guessService(r) : scope.get(3);
        String region = scope.isEmpty() ? "" : scope.get(2);
        String service = TABLES.iamPrefix().getOrDefault(signing, signing);
        String where = r.method() + " " + r.path() + RequestParts.queryKeys(r);
        Map<String, String> form = RequestParts.form(r);
        JsonNode json = RequestParts.json(r);
        String operation = operation(r, service, form);
        List<ApiCall> out = new ArrayList<>();
        if (operation == null) {
            out.add(new ApiCall(service, null, null, List.of(), Map.of(), "", where));
            return out;
        }
        String action = TABLES.actionNames().getOrDefault(service + ":" + operation, service + ":" + operation);
        Map<String, List<String>> context = new LinkedHashMap<>();
        String requestedRegion =
                service.equals("iam") || service.equals("sts") && region.isEmpty() ? "us-east-1" : region;
        context.put("aws:RequestedRegion", List.of(requestedRegion));
        List<String> resources = arns.of(service, operation, r, form, json, region);
        if (action.equals("iam:AttachRolePolicy") && form.containsKey("PolicyArn")) {
            context.put("iam:PolicyARN", List.of(form.get("PolicyArn")));
        }
        if (action.equals("iam:CreateServiceLinkedRole") && form.containsKey("AWSServiceName")) {
            context.put("iam:AWSServiceName", List.of(form.get("AWSServiceName")));
        }
        Map<String, String> tags = RequestTags.of(form, json);
        context.put("aws:TagKeys", List.copyOf(tags.keySet()));
        tags.forEach((k, v) -> context.put("aws:RequestTag/" + k, List.of(v)));
        TagContext.tagSpecifications(form).forEach((type, spec) -> {
            context.merge(
                    TagContext.TAG_SPEC_TYPES,
                    List.of(type),
                    (a, b) -> Stream.concat(a.stream(), b.stream()).toList());
            spec.forEach((k, v) -> context.put(TagContext.TAG_SPEC + type + "|" + k, List.of(v)));
        });
        if (TABLES.createActionKey().containsKey(service)
                && action.equals(TABLES.tagOnCreate().get(service))) {
            context.put(
                    TABLES.createActionKey().get(service),
                    List.of()); // a tagging call of its own: not part of a create
        }
        if (service.equals("iam")
                && (operation.equals("CreateRole") || operation.equals("PutRolePermissionsBoundary"))) {
            context.put(
                    "iam:PermissionsBoundary",
                    form.containsKey("PermissionsBoundary") ? List.of(form.get("PermissionsBoundary")) : List.of());
        }
        List<String> acted = new ArrayList<>();
        List<String> created = new ArrayList<>();
        CallSubjects.subjects(service, operation, form, json, acted, created);
        if (List.of("lambda", "sns", "sqs", "events", "ssm").contains(service)) {
            // named resources: the ARN is the subject; a create or tagging call gives it its request tags
            boolean gives = isCreate(operation)
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
            return RestS3.perObject(new ApiCall(service, operation, action, resources, context, "", where), r.body());
        }
        out.add(new ApiCall(service, operation, action, resources, context, "", where));
        String tagging = operation.equals("CreatePolicy")
                ? "iam:TagPolicy"
                : TABLES.tagOnCreate().get(service);
        if (!tags.isEmpty() && tagging != null && !action.equals(tagging) && isCreate(operation)) {
            Map<String, List<String>> ctx = new LinkedHashMap<>(context);
            ctx.remove(CREATES);
            if (TABLES.createActionKey().containsKey(service)) {
                ctx.put(TABLES.createActionKey().get(service), List.of(operation));
            }
            out.add(new ApiCall(service, operation, tagging, resources, ctx, action, where));
        }
        for (String[] passed : PassedRoles.of(service, operation, form, json)) {
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
        Matcher cbor = CBOR.matcher(r.path());
        if (cbor.matches()) {
            return cbor.group(1);
        }
        return switch (service) {
            case "s3" -> RestS3.operation(r);
            case "lambda" -> RestLambda.operation(r);
            default -> null;
        };
    }

    private static boolean isCreate(String operation) {
        return CreateCalls.isCreate(operation) || operation.equals("StartNetworkInsightsAnalysis");
    }
}
