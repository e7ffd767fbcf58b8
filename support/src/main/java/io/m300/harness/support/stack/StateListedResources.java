package io.m300.harness.support.stack;

import io.m300.harness.support.aws.types.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Teardown, judged through the state: every managed resource the state listed before
 * {@code terraform destroy} is looked up afterwards by its own describe call (one per resource
 * type, see {@link AwsResourceExistence}), so a stack that tags nothing is still checked. A type
 * without a lookup is reported as not checkable and a lookup that got no answer as an error, never
 * as gone: the teardown verdict is {@link Verdict#complete() complete} only when every resource the
 * state listed was looked up and answered.
 */
public final class StateListedResources {

    /** What a lookup found for one resource. */
    public enum Status {
        GONE,
        PRESENT,
        NOT_CHECKABLE,
        ERROR
    }

    /** One resource of the state and what its describe call says now. */
    public record Check(String address, String type, Status status, String detail) {
        @Override
        public String toString() {
            return address + ": " + status.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    /**
     * Looks one resource up. Returns {@link #ABSENT} when its describe call no longer finds it, its
     * state as AWS reports it ({@code available}, {@code delete-complete}, {@code INACTIVE}, ...) or
     * {@code exists} when found, and {@code null} when it has no lookup for the type.
     */
    @FunctionalInterface
    public interface Lookup {
        String state(StackInventory.Resource resource);
    }

    /** A lookup's answer for a resource that its describe call does not find. */
    public static final String ABSENT = ResourceType.ABSENT;

    /** The verdict: resources still there, types nobody can look up, lookups that failed, and how many are gone. */
    public record Verdict(List<Check> remaining, List<Check> notCheckable, List<Check> errors, List<Check> gone) {
        /** How many resources a lookup answered for (still there, or gone). */
        public int checked() {
            return remaining.size() + gone.size();
        }

        /** How many managed resources the state listed. */
        public int listed() {
            return remaining.size() + gone.size() + notCheckable.size() + errors.size();
        }

        /**
         * Whether the check is worth its name: at least one resource listed, and every one of them
         * answered for (no type without a lookup, no failed lookup). Otherwise "nothing remains" is
         * not known, whatever {@link #remaining()} says.
         */
        public boolean complete() {
            return listed() > 0 && checked() == listed();
        }

        /** One line saying why the check is not complete, or empty. */
        public String incompleteBecause() {
            if (listed() == 0) {
                return "the state listed no managed resource: nothing was checked";
            }
            if (complete()) {
                return "";
            }
            return "only " + checked() + " of the " + listed() + " resources the state listed were answered for ("
                    + (notCheckable.isEmpty()
                            ? ""
                            : notCheckable.size() + " of a type without a description in aws/types"
                                    + (errors.isEmpty() ? "" : ", "))
                    + (errors.isEmpty() ? "" : errors.size() + " could not be verified") + ")";
        }
    }

    /** States in which a resource counts as deleted although its describe call still returns it. */
    private static final Set<String> DELETED_STATES =
            Set.of("deleted", "delete-complete", "inactive", "pendingdeletion", "pending_deletion", "deregistered");

    private StateListedResources() {}

    /** Looks up every managed resource of {@code before} on the caller's thread, one after the other. */
    public static Verdict check(StackInventory before, Lookup lookup) {
        return check(before, lookup, Runnable::run);
    }

    /**
     * Looks up every managed resource of {@code before} (data sources are read, not created: skipped):
     * one describe call per resource, eight at a time on {@code executor} (the run's; each waits on the
     * network), judged in the state's order.
     */
    public static Verdict check(StackInventory before, Lookup lookup, Executor executor) {
        List<StackInventory.Resource> managed =
                before.all().stream().filter(StackInventory.Resource::managed).toList();
        Check[] checks = new Check[managed.size()];
        AtomicInteger next = new AtomicInteger();
        Runnable lookups = () -> {
            for (int i = next.getAndIncrement(); i < checks.length; i = next.getAndIncrement()) {
                checks[i] = checkOne(managed.get(i), lookup);
            }
        };
        List<CompletableFuture<Void>> workers = IntStream.range(0, Math.min(LOOKUPS_AT_ONCE, checks.length))
                .mapToObj(w -> CompletableFuture.runAsync(lookups, executor))
                .toList();
        workers.forEach(RunExecutor::joined);
        return judge(List.of(checks));
    }

    private static final int LOOKUPS_AT_ONCE = 8;

    static Check checkOne(StackInventory.Resource r, Lookup lookup) {
        String state;
        try {
            state = lookup.state(r);
        } catch (RuntimeException e) {
            return new Check(
                    r.address(),
                    r.type(),
                    Status.ERROR,
                    e instanceof AwsResourceExistence.CouldNotVerify
                            ? e.getMessage()
                            : "could not verify: " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage()));
        }
        if (state == null) {
            return new Check(
                    r.address(),
                    r.type(),
                    Status.NOT_CHECKABLE,
                    "no description of type " + r.type() + " in aws/types: add one");
        }
        if (state.equals(ABSENT)) {
            return new Check(r.address(), r.type(), Status.GONE, ABSENT);
        }
        String s = state.toLowerCase(Locale.ROOT);
        if (DELETED_STATES.contains(s)) {
            return new Check(
                    r.address(), r.type(), Status.GONE, "listed in state " + state + ", which counts as deleted");
        }
        return new Check(r.address(), r.type(), Status.PRESENT, state);
    }

    static Verdict judge(List<Check> checks) {
        List<Check> remaining = new ArrayList<>();
        List<Check> notCheckable = new ArrayList<>();
        List<Check> errors = new ArrayList<>();
        List<Check> gone = new ArrayList<>();
        for (Check c : checks) {
            switch (c.status()) {
                case GONE -> gone.add(c);
                case PRESENT -> remaining.add(c);
                case NOT_CHECKABLE -> notCheckable.add(c);
                case ERROR -> errors.add(c);
            }
        }
        return new Verdict(List.copyOf(remaining), List.copyOf(notCheckable), List.copyOf(errors), List.copyOf(gone));
    }

    private static String oneLine(String s) {
        String flat = s == null ? "" : s.replaceAll("\\s+", " ").trim();
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }
}
