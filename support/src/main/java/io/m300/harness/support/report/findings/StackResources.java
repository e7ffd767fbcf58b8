package io.m300.harness.support.report.findings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m300.harness.support.report.AccountRedaction;
import io.m300.harness.support.stack.StackInventory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every resource of the stack as a finding needs it: its Terraform address, the names AWS knows it
 * by (ID, ARN, name: only identifying attributes, never a value that may be a secret; account IDs
 * masked) and the block that declares it. Attached to a failed scenario as JSON, so that the report
 * written after the run can name the resources of its failure message and evidence, whatever run
 * (a plain one, a mutant's, a nightly leg's) the Cucumber JSON came from.
 */
public record StackResources(List<Entry> resources) {

    /** The attachment's name and media type. */
    public static final String ATTACHMENT = "finding: stack resources";

    public static final String MEDIA_TYPE = "application/json";

    /** One resource instance. {@code declared}/{@code overridden} are null when no block was found. */
    public record Entry(
            String address,
            String type,
            boolean managed,
            List<String> identifiers,
            SourceLocation declared,
            SourceLocation overridden,
            List<String> belongsTo,
            List<String> settings) {

        public Entry {
            belongsTo = belongsTo == null ? List.of() : belongsTo;
            settings = settings == null ? List.of() : settings;
        }

        public Entry(
                String address,
                String type,
                boolean managed,
                List<String> identifiers,
                SourceLocation declared,
                SourceLocation overridden) {
            this(address, type, managed, identifiers, declared, overridden, List.of(), List.of());
        }

        public SourceLocation effective() {
            return overridden != null ? overridden : declared;
        }
    }

    /**
     * Attributes that tie a resource to the one it belongs to (a rule to its group, a listener to its
     * load balancer): a finding that names the parent also names those of its parts whose settings the
     * message quotes.
     */
    static final List<String> BELONGS_TO = List.of(
            "security_group_id",
            "load_balancer_arn",
            "listener_arn",
            "route_table_id",
            "role",
            "user",
            "group",
            "bucket",
            "topic_arn",
            "log_group_name",
            "function_name",
            "key_id",
            "policy_arn",
            "db_instance_identifier",
            "cluster",
            "target_key_id");

    /** Settings a message may quote to say which part is wrong (never a document or a value that may be secret). */
    static final List<String> SETTINGS = List.of(
            "cidr_ipv4",
            "cidr_ipv6",
            "cidr_block",
            "destination_cidr_block",
            "from_port",
            "to_port",
            "port",
            "ssl_policy",
            "protocol",
            "ip_protocol",
            "prefix_list_id",
            "retention_in_days",
            "comparison_operator",
            "threshold",
            "metric_name",
            "namespace",
            "schedule_expression",
            "action",
            "principal",
            "source_arn",
            "statement_id");

    /**
     * Attributes that name the resource itself (not another one it refers to). A reference such as an
     * attachment's {@code role} is left out: it names the role, which is an entry of its own.
     */
    static final List<String> OWN_NAMES = List.of(
            "id",
            "arn",
            "name",
            "function_name",
            "identifier",
            "bucket",
            "alarm_name",
            "security_group_rule_id",
            "key_id",
            "cluster_identifier",
            "log_group_name",
            "topic_arn");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The inventory's resources, each with the block {@code sources} finds for its address. */
    public static StackResources of(StackInventory inventory, SourceIndex sources) {
        List<Entry> out = new ArrayList<>();
        for (StackInventory.Resource r : inventory.all()) {
            Set<String> ids = new LinkedHashSet<>();
            for (String attr : OWN_NAMES) {
                r.attr(attr)
                        .map(v -> AccountRedaction.redact(v, ""))
                        .filter(StackResources::identifying)
                        .ifPresent(ids::add);
            }
            var d = sources.locate(r.address());
            Set<String> parents = new LinkedHashSet<>();
            for (String attr : BELONGS_TO) {
                r.attr(attr)
                        .map(v -> AccountRedaction.redact(v, ""))
                        .filter(v -> !ids.contains(v))
                        .ifPresent(parents::add);
            }
            Set<String> settings = new LinkedHashSet<>();
            for (String attr : SETTINGS) {
                r.attr(attr)
                        .filter(v -> v.length() <= 120 && !v.contains("\n") && !v.equals("-1") && !v.equals("0"))
                        .map(v -> AccountRedaction.redact(v, ""))
                        .ifPresent(settings::add);
            }
            out.add(new Entry(
                    r.address(),
                    r.type(),
                    r.managed(),
                    List.copyOf(ids),
                    d.map(SourceIndex.Declaration::declared).orElse(null),
                    d.map(SourceIndex.Declaration::overridden).orElse(null),
                    List.copyOf(parents),
                    List.copyOf(settings)));
        }
        return new StackResources(List.copyOf(out));
    }

    /**
     * A value that names one thing: not too short, one line, not a number (a policy document's hash),
     * a masked account or a region (a data source's ID that every message holds).
     */
    static boolean identifying(String v) {
        return v.length() >= 5
                && !v.contains("\n")
                && !v.matches("[0-9*]+")
                && !v.matches("[a-z]{2}(-gov)?-[a-z]+-\\d");
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads {@link #toJson()}'s output; an unreadable text gives no resources. */
    public static StackResources fromJson(String json) {
        try {
            return JSON.readValue(json, new TypeReference<StackResources>() {});
        } catch (JsonProcessingException e) {
            return new StackResources(List.of());
        }
    }
}
