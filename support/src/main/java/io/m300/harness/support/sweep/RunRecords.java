package io.m300.harness.support.sweep;

import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.aws.S3Reader;
import io.m300.harness.support.aws.SsmReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The record of a run: its Terraform state ({@code s3://<state bucket>/m300/<run id>/}) and its
 * SSM parameters ({@code /<run id>/...}: the database password, which a second destroy reads).
 * Neither carries the run tag (they exist before Terraform runs). The state is the only complete
 * list of what a run deployed, so a sweep deletes a run's record only after a pass that found
 * nothing else of that run ({@link #deletable}). The calls are {@link SsmReader}'s and {@link S3Reader}'s.
 */
final class RunRecords {

    private final AwsClients aws;
    private final String namePrefix;

    RunRecords(AwsClients aws, String namePrefix) {
        this.aws = aws;
        this.namePrefix = namePrefix;
    }

    /**
     * The runs whose record may go now, a pure function: those of {@code withRecords} of which the
     * pass found nothing else, provided the pass's listing was complete (a failed or denied listing
     * proves nothing) and the caller did not ask to keep every record ({@code --keep-state}).
     */
    static Set<String> deletable(
            Set<String> withRecords, Set<String> foundElse, boolean listingComplete, boolean keep) {
        Set<String> out = new TreeSet<>();
        if (keep || !listingComplete) {
            return out;
        }
        for (String run : withRecords) {
            if (!foundElse.contains(run)) {
                out.add(run);
            }
        }
        return out;
    }

    /** The selected runs' SSM parameters and when each was last written ({@code now} when unknown). */
    Map<String, Instant> parameters(Predicate<String> runs, Instant now) {
        Map<String, Instant> names = new LinkedHashMap<>();
        new SsmReader(aws).parametersBeginningWith("/" + namePrefix).forEach(p -> {
            String run = runOfParameter(p.name());
            if (run != null && runs.test(run)) {
                names.put(p.name(), p.lastModifiedDate() == null ? now : p.lastModifiedDate());
            }
        });
        return names;
    }

    /** The run of a parameter {@code /<run id>/...}, or null. */
    static String runOfParameter(String name) {
        String[] parts = name.split("/");
        return parts.length > 2 ? parts[1] : null;
    }

    /** The selected runs that have state under {@code m300/<run id>/}, and the oldest time of their objects. */
    Map<String, Instant> stateObjects(String bucket, Predicate<String> runs) {
        Map<String, Instant> found = new TreeMap<>();
        new S3Reader(aws)
                .versions(bucket, "m300/" + namePrefix)
                .forEach(v -> state(found, runs, v.key(), v.lastModified()));
        return found;
    }

    private static void state(Map<String, Instant> found, Predicate<String> runs, String key, Instant time) {
        String[] parts = key.split("/");
        if (parts.length > 2 && runs.test(parts[1])) {
            Instant t = time == null ? Instant.now() : time;
            found.merge(parts[1], t, (a, b) -> a.isBefore(b) ? a : b);
        }
    }

    /** Deletes one of the selected runs' SSM parameters. */
    void deleteParameter(String name) {
        new SsmReader(aws).delete(name);
    }

    /** Deletes a run's Terraform state: every version and delete marker under {@code m300/<run id>/}. */
    void deleteState(String bucket, String run) {
        new S3Reader(aws).deleteVersions(bucket, "m300/" + run + "/");
    }
}
