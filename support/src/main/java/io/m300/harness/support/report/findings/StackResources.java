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
    public record Entry(String address, String type, boolean managed, List<String> identifiers,
            SourceLocation declared, SourceLocation overridden) {

        public SourceLocation effective() {
            return overridden != null ? overridden : declared;
        }
    }

    /**
     * Attributes that name the resource itself (not another one it refers to). A reference such as an
     * attachment's {@code role} is left out: it names the role, which is an entry of its own.
     */
    static final List<String> OWN_NAMES = List.of("id", "arn", "name", "function_name", "identifier", "bucket",
            "alarm_name", "security_group_rule_id", "key_id", "cluster_identifier", "log_group_name", "topic_arn");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The inventory's resources, each with the block {@code sources} finds for its address. */
    public static StackResources of(StackInventory inventory, SourceIndex sources) {
        List<Entry> out = new ArrayList<>();
        for (StackInventory.Resource r : inventory.all()) {
            Set<String> ids = new LinkedHashSet<>();
            for (String attr : OWN_NAMES) {
                r.attr(attr).map(v -> AccountRedaction.redact(v, "")).filter(StackResources::identifying).ifPresent(ids::add);
            }
            var d = sources.locate(r.address());
            out.add(new Entry(r.address(), r.type(), r.managed(), List.copyOf(ids),
                    d.map(SourceIndex.Declaration::declared).orElse(null), d.map(SourceIndex.Declaration::overridden).orElse(null)));
        }
        return new StackResources(List.copyOf(out));
    }

    /**
     * A value that names one thing: not too short, one line, not a number (a policy document's hash),
     * a masked account or a region (a data source's ID that every message holds).
     */
    static boolean identifying(String v) {
        return v.length() >= 5 && !v.contains("\n") && !v.matches("[0-9*]+") && !v.matches("[a-z]{2}(-gov)?-[a-z]+-\\d");
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
