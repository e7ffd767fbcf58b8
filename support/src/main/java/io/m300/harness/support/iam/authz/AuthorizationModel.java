package io.m300.harness.support.iam.authz;

import io.m300.harness.support.iam.ApiCall;
import io.m300.harness.support.iam.ApiCallDecoder;
import io.m300.harness.support.iam.ApiCallTables;
import io.m300.harness.support.iam.CreateCalls;
import io.m300.harness.support.iam.RolePolicyCheck;
import io.m300.harness.support.iam.TagContext;
import io.m300.harness.support.iam.authz.ServiceReference.ActionDef;
import io.m300.harness.support.iam.authz.ServiceReference.ResourceTypeDef;
import io.m300.harness.support.iam.authz.ServiceReference.TypeRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * AWS's authorization model applied to one call: IAM authorizes a request once for EACH resource type
 * the action authorizes (the required ones always, the optional ones when the request involves them),
 * and each time with only the condition keys the Service Authorization Reference lists for that type
 * (plus the action's own keys and the global {@code aws:} keys). A key that does not apply is absent,
 * so a condition on it fails (unless {@code ...IfExists}, {@code Null} or {@code ForAllValues}).
 *
 * <p>{@link #expand} turns a call into one call per (resource type, resource), each with one resource
 * ARN, the type in {@link #RESOURCE_TYPE} and the applicable key patterns in {@link #APPLICABLE}:
 * <ul>
 *   <li>request tags of an EC2 create come from the request's tag specification for that resource type
 *       ({@link io.m300.harness.support.iam.TagContext#TAG_SPEC}), not from the whole request;</li>
 *   <li>a resource the call creates has no resource tags; an existing one gets the tags known for it
 *       (per resource, {@link io.m300.harness.support.iam.TagContext#tagsOf}), or the call's when it acts on one resource;</li>
 *   <li>{@code aws:ResourceTag} of an existing resource applies where the resource type lists it (RDS,
 *       KMS, Logs, ... list it on the type, not on each action).</li>
 * </ul>
 * An action the reference does not list is judged as before, on the call's own resources and context.
 */
public final class AuthorizationModel {

    /** Context key (not an AWS one): the resource type a per-type call is authorized for. */
    public static final String RESOURCE_TYPE = "m300:resource-type";
    /** Context key (not an AWS one): the condition key patterns that apply to a per-type call. */
    public static final String APPLICABLE = "m300:applicable-keys";
    /** Context key (not an AWS one): the resource of a per-type call is created by the call. */
    public static final String NEW_RESOURCE = "m300:new-resource";

    /** EC2 id prefixes and the resource types they name ({@code api-calls.yaml}). */
    private static final Map<String, String> EC2_TYPES = ApiCallTables.TABLES.ec2IdTypes();

    private final ServiceReference reference;
    private final String account;

    public AuthorizationModel(ServiceReference reference, String account) {
        this.reference = reference;
        this.account = account;
    }

    public ServiceReference reference() {
        return reference;
    }

    /** Whether the reference lists the call's action (else it is judged as recorded). */
    public boolean knows(ApiCall call) {
        return call.mapped() && reference.action(call.action()).isPresent();
    }

    /** One call per resource type authorized (see the class comment); the call itself when the action is unknown. */
    public List<ApiCall> expand(ApiCall call) {
        Optional<ActionDef> found = call.mapped() ? reference.action(call.action()) : Optional.empty();
        if (found.isEmpty()) {
            return List.of(call);
        }
        ActionDef def = found.get();
        String region = call.context()
                .getOrDefault("aws:RequestedRegion", List.of("us-east-1"))
                .get(0);
        if (def.resourceTypes().isEmpty()) {
            return List.of(typed(call, "*", "*", def.conditionKeys(), List.of(), false));
        }
        // an implied tagging call tags what its create call creates, not the parents that call names
        Map<String, String> ec2Ids = call.impliedBy().isEmpty() ? ec2Ids(call) : Map.of();
        Set<String> tagSpecTypes = TagContext.tagSpecTypes(call.context());
        List<ApiCall> out = new ArrayList<>();
        for (TypeRow row : def.resourceTypes()) {
            Optional<ResourceTypeDef> type = reference.resourceType(def.service(), row.name());
            List<String> arns = new ArrayList<>();
            List<Boolean> isNew = new ArrayList<>();
            ec2Ids.forEach((id, t) -> {
                if (t.equals(row.name())) {
                    arns.add(type.map(d -> d.arn(region, account, id)).orElse(id));
                    isNew.add(false);
                }
            });
            for (String r : call.resources()) {
                if (!r.equals("*") && type.isPresent() && type.get().matches(r) && !arns.contains(r)) {
                    arns.add(r);
                    isNew.add(creates(call, row));
                }
            }
            boolean ec2Created = def.service().equals("ec2")
                    && (tagSpecTypes.contains(row.name()) && isTagOnCreate(call)
                            || row.name().equals("security-group-rule")
                                    && call.operation() != null
                                    && call.operation().startsWith("Authorize"));
            if (arns.isEmpty() && (row.required() || ec2Created)) {
                arns.add(type.map(d -> d.arn(region, account, null)).orElse("*"));
                isNew.add(ec2Created || creates(call, row));
            }
            for (int i = 0; i < arns.size(); i++) {
                List<String> keys = new ArrayList<>(row.conditionKeys());
                if (!isNew.get(i)) {
                    type.ifPresent(d -> d.conditionKeys().stream()
                            .filter(k -> k.toLowerCase(Locale.ROOT).contains("resourcetag/"))
                            .forEach(keys::add));
                }
                out.add(typed(call, row.name(), arns.get(i), def.conditionKeys(), keys, isNew.get(i)));
            }
        }
        if (out.isEmpty()) {
            // every type optional and none named: the request names its resources indirectly (an association id,
            // a key behind an alias) or not at all. Judged on what the call names, with the action's keys; the
            // resource tags of the resources behind it stay unknown (never counted as proven, never as denied).
            List<String> keys = new ArrayList<>(def.conditionKeys());
            boolean tagged = def.resourceTypes().stream()
                    .anyMatch(row -> row.conditionKeys().stream().anyMatch(k -> k.startsWith("aws:ResourceTag"))
                            || reference
                                    .resourceType(def.service(), row.name())
                                    .map(t -> t.conditionKeys().stream().anyMatch(k -> k.startsWith("aws:ResourceTag")))
                                    .orElse(false));
            if (tagged && !isCreating(call)) {
                keys.add("aws:ResourceTag/${TagKey}");
            }
            out.add(typed(call, "*", call.resources().get(0), def.conditionKeys(), keys, isCreating(call)));
        }
        return out;
    }

    private static boolean isTagOnCreate(ApiCall call) {
        return !call.impliedBy().isEmpty() || isCreating(call);
    }

    private static boolean isCreating(ApiCall call) {
        String op = call.operation() == null ? "" : call.operation();
        return CreateCalls.isCreate(op) || op.startsWith("Start");
    }

    /** Type names whose action names differ ({@code db} is created by {@code CreateDBInstance}). */
    private static final Map<String, String> CREATED_AS = Map.of(
            "db",
            "dbinstance",
            "subgrp",
            "dbsubnetgroup",
            "rule-on-default-event-bus",
            "rule",
            "rule-on-custom-event-bus",
            "rule");

    /**
     * Whether the call creates its resource of this type: the reference lists {@code aws:RequestTag} for the
     * type, or the action is named for it ({@code CreateAlias} creates the alias, not the key it points to;
     * {@code CreatePolicyVersion} creates no policy).
     */
    static boolean creates(ApiCall call, TypeRow row) {
        if (row.conditionKeys().stream().anyMatch(k -> k.startsWith("aws:RequestTag"))) {
            return true;
        }
        if (!isCreating(call)) {
            return false;
        }
        String type = row.name();
        String noun = CREATED_AS.getOrDefault(
                type, (type.contains("/") ? type.substring(0, type.indexOf('/')) : type).replace("-", ""));
        String creator = call.impliedBy().isEmpty() ? call.action() : call.impliedBy();
        return creator.toLowerCase(Locale.ROOT).endsWith(noun.toLowerCase(Locale.ROOT));
    }

    /** The EC2 ids a call names (acted on or created), with their resource types. */
    private static Map<String, String> ec2Ids(ApiCall call) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(call.context().getOrDefault(ApiCallDecoder.SUBJECT, List.of()));
        all.addAll(call.context().getOrDefault(ApiCallDecoder.CREATES, List.of()));
        for (String s : all) {
            if (s.startsWith("ec2:")) {
                String id = s.substring(4);
                int dash = id.lastIndexOf('-');
                String type = dash > 0 ? EC2_TYPES.get(id.substring(0, dash)) : null;
                if (type != null) {
                    out.put(id, type);
                }
            }
        }
        return out;
    }

    private ApiCall typed(
            ApiCall call, String type, String arn, List<String> actionKeys, List<String> typeKeys, boolean isNew) {
        Map<String, List<String>> ctx = new LinkedHashMap<>(call.context());
        List<String> applicable = new ArrayList<>(actionKeys);
        applicable.addAll(typeKeys);
        ctx.put(APPLICABLE, List.copyOf(new LinkedHashSet<>(applicable)));
        ctx.put(RESOURCE_TYPE, List.of(type));
        if (isNew) {
            ctx.put(NEW_RESOURCE, List.of("true"));
            ctx.keySet().removeIf(k -> k.toLowerCase(Locale.ROOT).startsWith("aws:resourcetag/"));
            ctx.put(RolePolicyCheck.RESOURCE_TAGS_KNOWN, List.of("true"));
        } else {
            Map<String, String> own = TagContext.tagsOf(call.context(), arn);
            if (own != null) {
                ctx.keySet().removeIf(k -> k.toLowerCase(Locale.ROOT).startsWith("aws:resourcetag/"));
                own.forEach((k, v) -> ctx.put("aws:ResourceTag/" + k, List.of(v)));
                ctx.put(RolePolicyCheck.RESOURCE_TAGS_KNOWN, List.of("true"));
            }
        }
        Map<String, String> spec = TagContext.tagSpec(call.context(), type);
        if (spec != null) {
            ctx.keySet().removeIf(k -> k.toLowerCase(Locale.ROOT).startsWith("aws:requesttag/"));
            spec.forEach((k, v) -> ctx.put("aws:RequestTag/" + k, List.of(v)));
            ctx.put("aws:TagKeys", List.copyOf(spec.keySet()));
        }
        return new ApiCall(
                call.service(), call.operation(), call.action(), List.of(arn), ctx, call.impliedBy(), call.request());
    }

    /** Whether {@code key} applies under {@code patterns} (a global {@code aws:} key always does). */
    public static boolean applies(String key, List<String> patterns) {
        String k = key.toLowerCase(Locale.ROOT);
        if (!k.contains(":") || k.startsWith("m300:")) {
            return true;
        }
        boolean serviceSpecific =
                k.startsWith("aws:requesttag/") || k.equals("aws:tagkeys") || k.startsWith("aws:resourcetag/");
        if (k.startsWith("aws:") && !serviceSpecific) {
            return true;
        }
        for (String p : patterns) {
            String lp = p.toLowerCase(Locale.ROOT);
            int var = lp.indexOf("${");
            if (var < 0 && lp.equals(k) || var >= 0 && k.startsWith(lp.substring(0, var))) {
                return true;
            }
        }
        return false;
    }
}
