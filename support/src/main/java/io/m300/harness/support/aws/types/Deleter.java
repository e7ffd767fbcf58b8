package io.m300.harness.support.aws.types;

import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.stack.TaggedResources.Found;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deletes the run's resources of some kinds (see {@link Kind}): the "how to delete" of the
 * resource-type descriptions. A sweep pass runs the deleters in the order of {@link #ALL}, which
 * follows the dependencies: workloads first, then monitoring and messaging, then the network from
 * the outside in, then identity, certificates, keys and buckets. The sweeper calls them through
 * this interface and its {@link Book}, which name no SDK client.
 */
public interface Deleter {

    /**
     * The book of one sweep, as the deleters use it: every deletion goes through {@link #delete}
     * and every service's deletions run inside {@link #guarded}, so that a denied call is reported
     * once and never retried and a failure never ends the pass.
     */
    interface Book {

        /** The clients of the swept target. */
        AwsClients aws();

        /** Runs one service's deletions; a denied call is reported at once and not retried, anything else fails the pass. */
        void guarded(String name, Runnable body);

        /** Deletes one thing (in a dry run: says it would); a denied call is reported once, a failure fails the pass. */
        void delete(String what, Runnable action);

        /** Something AWS is still deleting; the sweep makes another pass for it (never in a dry run). */
        void pending(String what);
    }

    /** The deleters in the order a pass runs them. */
    List<Deleter> ALL =
            List.of(new WorkloadDeleter(), new MonitoringDeleter(), new NetworkDeleter(), new IdentityDeleter());

    /** The kinds this deleter deletes. */
    Set<Kind> kinds();

    /** Deletes what of {@code items} is of its kinds. */
    void delete(Book d, List<Found> items);

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
