package io.m300.harness.support.aws.types;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The IAM actions one resource type needs from the harness's role: to list a run's resources of
 * the type (on every resource of the account: the listing cannot know which are the run's before
 * it reads their tags), to look one up by its identifier after destroy, and to delete one.
 */
public record Actions(List<String> list, List<String> exists, List<String> delete) {

    public Actions {
        list = List.copyOf(list);
        exists = List.copyOf(exists);
        delete = List.copyOf(delete);
    }

    /** Every action, sorted. */
    public Set<String> all() {
        Set<String> all = new TreeSet<>(list);
        all.addAll(exists);
        all.addAll(delete);
        return all;
    }
}
