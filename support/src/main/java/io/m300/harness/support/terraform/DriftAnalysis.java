package io.m300.harness.support.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a plan ({@code terraform show -json} of a saved plan) for drift: every resource that the
 * plan would change, and which of its attributes. Changes that a target is known to cause (an
 * emulator that never reads an attribute back) are tolerated only when they are on the target's
 * explicit list, and are reported as tolerated; anything else is drift. Values are never copied
 * into the result: a plan holds sensitive values in plain text.
 */
public final class DriftAnalysis {

    /** One planned change: the resource address, its actions, and the attributes that would change. */
    public record Change(String address, String type, List<String> actions, Set<String> attributes) {
        @Override
        public String toString() {
            return address + " " + actions + (attributes.isEmpty() ? "" : " " + attributes);
        }
    }

    public record Verdict(List<Change> drift, List<String> tolerated) {
        public boolean clean() {
            return drift.isEmpty();
        }
    }

    /** Read-back gaps known per target, as resource type -> attributes the target never reads back. */
    public static final Map<String, Map<String, Set<String>>> KNOWN_GAPS = Map.of(
            "moto",
                    Map.of(
                            "aws_ecs_service",
                            Set.of("availability_zone_rebalancing", "health_check_grace_period_seconds"),
                            // moto 5.2.1 answers ScalingConfigurationInfo {} for a provisioned Aurora cluster (AWS
                            // omits it): the provider reads a block back
                            "aws_rds_cluster",
                            Set.of("scaling_configuration")),
            "localstack", Map.of(),
            "endpoint", Map.of(),
            "aws", Map.of());

    private DriftAnalysis() {}

    public static List<Change> changes(JsonNode plan) {
        List<Change> changes = new ArrayList<>();
        for (JsonNode rc : plan.path("resource_changes")) {
            List<String> actions = new ArrayList<>();
            rc.path("change").path("actions").forEach(a -> actions.add(a.asText()));
            if (actions.equals(List.of("no-op")) || actions.equals(List.of("read"))) {
                continue;
            }
            Set<String> attributes = new TreeSet<>();
            JsonNode before = rc.path("change").path("before");
            JsonNode after = rc.path("change").path("after");
            if (before.isObject() && after.isObject()) {
                Set<String> keys = new TreeSet<>();
                before.fieldNames().forEachRemaining(keys::add);
                after.fieldNames().forEachRemaining(keys::add);
                JsonNode unknown = rc.path("change").path("after_unknown");
                for (String key : keys) {
                    boolean isUnknown = unknown.path(key).asBoolean(false);
                    if (isUnknown || !before.path(key).equals(after.path(key))) {
                        attributes.add(key);
                    }
                }
            }
            changes.add(new Change(rc.path("address").asText(), rc.path("type").asText(), actions, attributes));
        }
        return changes;
    }

    public static Verdict judge(JsonNode plan, String target) {
        Map<String, Set<String>> gaps = KNOWN_GAPS.getOrDefault(target, Map.of());
        List<Change> drift = new ArrayList<>();
        List<String> tolerated = new ArrayList<>();
        for (Change change : changes(plan)) {
            Set<String> known = gaps.getOrDefault(change.type(), Set.of());
            boolean onlyKnown = change.actions().equals(List.of("update"))
                    && !change.attributes().isEmpty()
                    && known.containsAll(change.attributes());
            if (onlyKnown) {
                tolerated.add(change.address() + " " + change.attributes() + " (known " + target + " read-back gap)");
            } else {
                drift.add(change);
            }
        }
        return new Verdict(drift, tolerated);
    }
}
