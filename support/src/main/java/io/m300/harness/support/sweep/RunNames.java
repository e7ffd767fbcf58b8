package io.m300.harness.support.sweep;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The runs a pass sweeps, for what carries no tag and is found by name: the common beginning of
 * their ids ({@code prefix}), the test on one run id ({@code selected}), and the runs of which
 * the pass found something by name ({@code found}: their records are kept for now).
 */
record RunNames(String prefix, Predicate<String> selected, Set<String> found) {

    /**
     * The run of a name that begins with {@code <run id>-} (or is the run id): the shortest
     * beginning, up to a hyphen, that is a selected run id (shortest: a prefix selection accepts
     * the longer ones too).
     */
    Optional<String> runOf(String name) {
        return io.m300.harness.support.stack.TaggedResources.runOfName(name, selected);
    }
}
