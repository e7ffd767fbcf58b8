package io.m300.harness.support.sweep;

import io.m300.harness.support.aws.types.Kind;
import io.m300.harness.support.stack.TaggedResources.Found;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deletes the run's resources of some kinds (see {@link Kind}). A sweep pass runs the deleters in
 * the order of {@link #ALL}, which follows the dependencies: workloads first, then monitoring and
 * messaging, then the network from the outside in, then identity, certificates, keys and buckets.
 */
interface Deleter {

    /** The deleters in the order a pass runs them. */
    List<Deleter> ALL =
            List.of(new WorkloadDeleter(), new MonitoringDeleter(), new NetworkDeleter(), new IdentityDeleter());

    /** The kinds this deleter deletes. */
    Set<Kind> kinds();

    /** Deletes what of {@code items} is of its kinds. */
    void delete(Deletions d, List<Found> items);

    /** The distinct ids of one kind. */
    static List<String> of(List<Found> items, Kind kind) {
        return items.stream().filter(f -> f.is(kind)).map(Found::id).distinct().toList();
    }

    /** The resources of one kind by id. */
    static Map<String, Found> byId(List<Found> items, Kind kind) {
        Map<String, Found> m = new LinkedHashMap<>();
        items.stream().filter(f -> f.is(kind)).forEach(f -> m.putIfAbsent(f.id(), f));
        return m;
    }
}
