package io.m300.harness.support.sweep;

import io.m300.harness.support.stack.TaggedResources;
import io.m300.harness.support.stack.TaggedResources.Found;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The janitor's choice of runs: among the run ids with the selection's prefix, those whose oldest
 * known time is older than the bound. Times: each resource's own creation time where its listing
 * has one (IAM, KMS, RDS, logs, ACM, S3, ECS task definitions), the run's state in the state
 * bucket and its SSM parameters (last modified). A run id with no known time is left alone and named.
 */
final class Janitor {

    private Janitor() {}

    static Predicate<String> oldRuns(
            Deletions d,
            Sweeper.Selection selection,
            RunRecords records,
            Optional<String> stateBucket,
            Duration age,
            Instant now) {
        Map<String, Instant> oldest = new TreeMap<>();
        Set<String> seen = new LinkedHashSet<>();
        TaggedResources.Listing listing = TaggedResources.walk(d.aws, Sweeper.TAG, selection::matches);
        Passes.reportDenied(d, listing);
        for (Found f : listing.items()) {
            seen.add(f.runId());
            f.created().ifPresent(t -> oldest.merge(f.runId(), t, (a, b) -> a.isBefore(b) ? a : b));
        }
        d.guarded(
                "ssm",
                () -> records.parameters(selection::matches, now).forEach((name, t) -> {
                    String run = RunRecords.runOfParameter(name);
                    seen.add(run);
                    oldest.merge(run, t, (a, b) -> a.isBefore(b) ? a : b);
                }));
        stateBucket.ifPresent(b -> d.guarded(
                "state",
                () -> records.stateObjects(b, selection::matches).forEach((run, t) -> {
                    seen.add(run);
                    oldest.merge(run, t, (a, b2) -> a.isBefore(b2) ? a : b2);
                })));
        Set<String> old = olderThan(oldest, seen, now, age);
        for (String run : seen) {
            Instant t = oldest.get(run);
            if (t == null) {
                d.say("janitor: run " + run + " has no known creation time; left alone (sweep it with --run-id)");
            } else if (old.contains(run)) {
                d.say("janitor: run " + run + " is from " + t + ", older than " + age.toHours() + " h: sweeping it");
            }
        }
        if (old.isEmpty()) {
            d.say("janitor: no run with prefix " + selection.prefix().orElseThrow() + " is older than " + age.toHours()
                    + " h");
        }
        return old::contains;
    }

    /** The janitor's choice, a pure function: the run ids whose oldest known time is before {@code now - age}. */
    static Set<String> olderThan(Map<String, Instant> oldest, Set<String> seen, Instant now, Duration age) {
        Set<String> old = new LinkedHashSet<>();
        for (String run : seen) {
            Instant t = oldest.get(run);
            if (t != null && t.isBefore(now.minus(age))) {
                old.add(run);
            }
        }
        return old;
    }
}
