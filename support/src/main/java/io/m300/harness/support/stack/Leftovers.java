package io.m300.harness.support.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What still carries a run's tag after {@code terraform destroy}, sorted into what AWS itself keeps
 * for a while after a deletion (tolerated) and what was really left behind.
 */
public final class Leftovers {

    /** One resource that still carries the tag: its service, type, id and the state AWS reports (may be empty). */
    public record Resource(String service, String type, String id, String state) {
        @Override
        public String toString() {
            return service + " " + type + " " + id + (state == null || state.isEmpty() ? "" : " (" + state + ")");
        }
    }

    /** The verdict: resources left behind, and resources AWS keeps after deletion (with why). */
    public record Verdict(List<Resource> remaining, List<String> tolerated) {}

    /** The state of a resource whose tag is still listed although the resource itself is gone. */
    public static final String TAG_ONLY = "gone, tag still listed";

    private Leftovers() {}

    public static Verdict judge(List<Resource> found) {
        List<Resource> remaining = new ArrayList<>();
        List<String> tolerated = new ArrayList<>();
        for (Resource r : found) {
            String why = toleratedBecause(r);
            if (why == null) {
                remaining.add(r);
            } else {
                tolerated.add(r + ": " + why);
            }
        }
        return new Verdict(remaining, tolerated);
    }

    /** Why AWS keeps this resource after its deletion, or {@code null} when it was left behind. */
    public static String toleratedBecause(Resource r) {
        String key = (r.service() + " " + r.type()).toLowerCase(Locale.ROOT);
        String state = r.state() == null ? "" : r.state().toLowerCase(Locale.ROOT);
        if (state.equals(TAG_ONLY.toLowerCase(Locale.ROOT))) {
            return "the resource itself no longer exists; only its tag is still listed (moto 5.2 keeps the tags of deleted EC2 resources)";
        }
        return switch (key) {
            case "ecs task-definition" ->
                state.equals("inactive") || state.equals("delete_in_progress")
                        ? "ECS keeps deregistered task definition revisions as INACTIVE"
                        : null;
            case "ecs cluster" ->
                state.equals("inactive") ? "ECS lists a deleted cluster as INACTIVE for a while" : null;
            case "ec2 natgateway", "ec2 nat-gateway" ->
                state.equals("deleted") || state.equals("deleting")
                        ? "a deleted NAT gateway stays visible in state 'deleted' for about an hour"
                        : null;
            case "ec2 prefix-list", "ec2 managed-prefix-list" ->
                state.equals("delete-complete")
                        ? "a deleted managed prefix list stays listed in state 'delete-complete'"
                        : null;
            case "kms key" ->
                state.equals("pendingdeletion")
                        ? "a KMS key cannot be deleted at once: it waits 7-30 days in PendingDeletion"
                        : null;
            default -> null;
        };
    }
}
