package io.m300.harness.support.sweep;

import io.m300.harness.support.aws.types.Deleter;
import io.m300.harness.support.aws.types.Kind;
import io.m300.harness.support.aws.types.Kinds;
import io.m300.harness.support.stack.Leftovers;
import io.m300.harness.support.stack.TaggedResources;
import io.m300.harness.support.stack.TaggedResources.Found;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * A sweep, pass after pass: each pass lists what carries the tag of the selected runs, runs every
 * {@link Deleter} in order, and then deletes the record (state and parameters, {@link RunRecords})
 * of each run of which it found nothing else. Deletions that wait for others (an RDS instance being
 * deleted still holds its subnets) and records kept for now are retried in further passes until
 * nothing is left or the time bound is reached.
 */
final class Passes {

    private final Deletions d;
    private final Sweeper.Selection selection;
    private final RunRecords records;
    private final boolean keepRecords;
    private final Duration maxWait;
    private final Duration passInterval;
    private final Instant now;

    Passes(
            Deletions d,
            Sweeper.Selection selection,
            boolean keepRecords,
            Duration maxWait,
            Duration passInterval,
            Instant now) {
        this.d = d;
        this.selection = selection;
        this.records = new RunRecords(d.aws, selection.namePrefix());
        this.keepRecords = keepRecords;
        this.maxWait = maxWait;
        this.passInterval = passInterval;
        this.now = now;
    }

    Sweeper.Report sweep(Optional<String> stateBucket) {
        Predicate<String> selected = selection.olderThan().isEmpty()
                ? selection::matches
                : Janitor.oldRuns(
                        d,
                        selection,
                        records,
                        stateBucket,
                        selection.olderThan().get(),
                        now);
        long deadline = System.nanoTime() + maxWait.toNanos();
        int pass = 0;
        while (true) {
            pass++;
            d.newPass();
            onePass(stateBucket, selected);
            if (d.dryRun || (d.failed.isEmpty() && d.pending.isEmpty())) {
                break;
            }
            if (System.nanoTime() + passInterval.toNanos() > deadline) {
                d.pending.forEach(p -> d.failed.add(p + " (still pending after " + maxWait.toSeconds() + " s)"));
                break;
            }
            d.say("pass " + pass + ": " + d.failed.size() + " failed, " + d.pending.size() + " pending; next pass in "
                    + passInterval.toSeconds() + " s");
            pause(passInterval);
        }
        return new Sweeper.Report(List.copyOf(d.deleted), List.copyOf(d.failed), List.copyOf(d.denied));
    }

    private void onePass(Optional<String> stateBucket, Predicate<String> selected) {
        TaggedResources.Listing listing = TaggedResources.walk(d.aws, Sweeper.TAG, selected);
        reportDenied(d, listing);
        boolean complete = listing.denied().isEmpty();
        for (String error : listing.errors()) {
            if (!error.contains("listing denied")) {
                String service = error.contains(":") ? error.substring(0, error.indexOf(':')) : error;
                if (d.aws.target().isEmulator() && Deletions.notImplemented(error)) {
                    d.note(service, service + ": not implemented by the emulator, nothing to sweep (" + error + ")");
                } else {
                    d.failed.add("listing failed: " + error);
                    complete = false;
                }
            }
        }
        List<Found> items = listing.items().stream()
                .filter(f -> !Leftovers.TAG_ONLY.equals(f.state()))
                .toList();
        // what of each run is still there (what AWS keeps for a while after a deletion does not count)
        Set<String> foundElse = items.stream()
                .filter(f -> Leftovers.toleratedBecause(f.resource()) == null)
                .map(Found::runId)
                .collect(Collectors.toCollection(HashSet::new));
        Set<Kind> deletable = deletedKinds();
        items.stream()
                .filter(f -> !deletable.contains(new Kind(f.service(), f.type())))
                // what AWS keeps for a while after a deletion (a NAT gateway 'deleted') needs no deleting, so no right
                // to
                // delete it
                .filter(f -> Leftovers.toleratedBecause(f.resource()) == null)
                .forEach(f -> d.denied(
                        f.resource() + " of run " + f.runId(),
                        "(not swept: only the emulator's stacks make this kind and the role may not "
                                + "delete it; delete it by hand)"));
        for (Deleter deleter : Deleter.ALL) {
            deleter.delete(d, items);
        }
        deleteRecords(stateBucket, selected, foundElse, complete);
    }

    /** The runs' records: deleted only for runs of which this pass found nothing else; kept (and asked again) otherwise. */
    private void deleteRecords(
            Optional<String> stateBucket, Predicate<String> selected, Set<String> foundElse, boolean complete) {
        Map<String, Instant> parameters = new LinkedHashMap<>();
        Map<String, Instant> states = new TreeMap<>();
        d.guarded("ssm", () -> parameters.putAll(records.parameters(selected, now)));
        stateBucket.ifPresent(b -> d.guarded("state", () -> states.putAll(records.stateObjects(b, selected))));
        Set<String> withRecords = new TreeSet<>(states.keySet());
        parameters.keySet().forEach(p -> withRecords.add(RunRecords.runOfParameter(p)));
        boolean listedAll =
                complete && d.failed.stream().noneMatch(f -> f.startsWith("ssm:") || f.startsWith("state:"));
        Set<String> deletable = RunRecords.deletable(withRecords, foundElse, listedAll, keepRecords);
        for (String run : withRecords) {
            if (!deletable.contains(run)) {
                String why = keepRecords
                        ? "--keep-state"
                        : !listedAll ? "a listing of this pass failed" : "this pass still found resources of the run";
                d.note(
                        "kept " + run + " " + why,
                        (d.dryRun ? "would keep" : "kept") + " the state and parameters of run " + run + " (" + why
                                + "): they go only after a pass that finds nothing else of the run");
                if (!keepRecords && listedAll) {
                    d.pending("state and parameters of run " + run + " (kept until a pass finds nothing else of it)");
                }
                continue;
            }
            parameters.keySet().stream()
                    .filter(p -> run.equals(RunRecords.runOfParameter(p)))
                    .forEach(name -> d.guarded(
                            "ssm", () -> d.delete("SSM parameter " + name, () -> records.deleteParameter(name))));
            if (states.containsKey(run)) {
                String bucket = stateBucket.orElseThrow();
                d.guarded(
                        "state",
                        () -> d.delete(
                                "Terraform state s3://" + bucket + "/m300/" + run + "/",
                                () -> records.deleteState(bucket, run)));
            }
        }
    }

    static void reportDenied(Deletions d, TaggedResources.Listing listing) {
        for (String denied : listing.denied()) {
            d.denied(denied, "(the role's policy lacks this listing: not retried; see docs/nightly.md)");
        }
    }

    /** The kinds the deleters delete (and the runs' parameters, which {@link RunRecords} delete), for the test that every described kind has one. */
    static Set<Kind> deletedKinds() {
        Set<Kind> kinds = new HashSet<>(Set.of(Kinds.PARAMETER));
        Deleter.ALL.forEach(x -> kinds.addAll(x.kinds()));
        return kinds;
    }

    /** Waits between whole passes (AWS finishes deleting what the last pass asked for). */
    private static void pause(Duration wait) {
        Awaitility.await().pollDelay(wait).atMost(wait.plusSeconds(5)).until(() -> true);
    }
}
