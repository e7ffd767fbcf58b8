package io.m300.harness.support.mutation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * How the mutants of a run are spread over shards (each shard: its own emulator and baseline
 * deployment, mutants one after another). Each mutant costs what the last run measured (the cost
 * file, {@link MutationCosts}); an unmeasured one costs {@link #SLOW} when its files touch
 * the database (RDS modifications wait on the provider's waiters), else {@link #CHEAP}. The
 * database mutants share as few shards as their share of the work allows (their minutes are waits,
 * which let the other shards compute); the others are spread longest first, each to the shard with
 * the least work so far. Within a shard, the mutants that touch the database come last, cheapest first: a shard
 * applies each mutant straight over the one before where it can, so they follow each other with
 * one database change each, and the last one is never reverted. A mutant is not placed
 * where, by what the last run measured (the controls each mutant tripped), its shard would have to
 * go back to the baseline in between ({@link #returns}). The plan depends on nothing but its
 * input: every shard computes the same one.
 */
public final class MutationPlan {

    public static final double SLOW = 240;
    public static final double CHEAP = 60;
    private final Map<String, Double> measured;
    /** The other controls each mutant tripped in the last run (table entries {@code = 154, trips DATA-01 DATA-04}). */
    private final Map<String, Set<String>> trips;

    public MutationPlan(Map<String, Double> measured) {
        this(measured, Map.of());
    }

    public MutationPlan(Map<String, Double> measured, Map<String, Set<String>> trips) {
        this.measured = Map.copyOf(measured);
        this.trips = Map.copyOf(trips);
    }

    public MutationPlan(MutationCosts costs) {
        this(costs.seconds(), costs.trips());
    }

    /** The cost file at {@code file} ({@link MutationCosts}; missing: nothing measured). */
    public static MutationPlan fromFile(Path file) {
        return new MutationPlan(MutationCosts.read(file));
    }

    public double cost(Mutant m) {
        Double seconds = measured.get(m.name());
        if (seconds != null) {
            return seconds;
        }
        return m.touchesDatabase() ? SLOW : CHEAP;
    }

    /**
     * At most {@code n} shards (never an empty one), each in {@linkplain #order the order it runs in}.
     * The mutants that wait on the database go first, into as few shards as their share of the
     * work allows ({@link #waitingShards}): a database change is mostly the provider's RDS waiters,
     * which take no CPU, so a shard that waits lets the others compute, whereas database mutants
     * spread over every shard make all of them wait at once at their ends. Then every other mutant,
     * longest processing time first, to the shard with the least work so far (a waiting shard takes
     * some only when its waits are shorter than the others' work).
     */
    public List<List<Mutant>> shard(List<Mutant> mutants, int n) {
        int count = Math.max(1, Math.min(n, mutants.size()));
        List<List<Mutant>> shards = new ArrayList<>();
        double[] load = new double[count];
        for (int i = 0; i < count; i++) {
            shards.add(new ArrayList<>());
        }
        List<Mutant> order = new ArrayList<>(mutants);
        order.sort(Comparator.comparingDouble(this::cost).reversed().thenComparing(Mutant::name));
        List<Mutant> waiting = order.stream().filter(Mutant::touchesDatabase).toList();
        int waitingShards = waitingShards(waiting, mutants, count);
        for (Mutant m : waiting) {
            place(m, shards, load, waitingShards);
        }
        for (Mutant m : order) {
            if (!waiting.contains(m)) {
                place(m, shards, load, count);
            }
        }
        shards.removeIf(List::isEmpty);
        shards.replaceAll(this::order);
        return shards;
    }

    /**
     * True when {@code a} made a scenario of {@code b}'s control fail in the last run, or the other
     * way round. Such two are put in different shards where possible: a shard applies a mutant
     * straight over the one before only when the one before did not trip its control and when the
     * suite shows every scenario the one before failed passing again, so either of the two right
     * after the other would send the shard back to the baseline the classic way (for a database
     * mutant: two more waits on the RDS waiters).
     */
    public boolean clash(Mutant a, Mutant b) {
        return trips.getOrDefault(a.name(), Set.of()).contains(b.control())
                || trips.getOrDefault(b.name(), Set.of()).contains(a.control());
    }

    /** The part of the run order a mutant belongs to: 0 classic, 1 computing, 2 database. */
    private static int part(Mutant m) {
        return m.undoneByRemoval() ? (m.touchesDatabase() ? 2 : 1) : 0;
    }

    /**
     * How many shards the database mutants share: their cost over an even share of all the work,
     * rounded (a waiting shard's estimate is pessimistic: while it waits, the others have the cores
     * and its suites run beside fewer), at least one, at most {@code count}.
     */
    int waitingShards(List<Mutant> waiting, List<Mutant> all, int count) {
        if (waiting.isEmpty()) {
            return 0;
        }
        double share = estimate(all) / count;
        return (int) Math.max(1, Math.min(count, Math.round(estimate(waiting) / share)));
    }

    /** True when the shard holds a mutant that waits on the database. */
    static boolean waits(List<Mutant> shard) {
        return shard.stream().anyMatch(Mutant::touchesDatabase);
    }

    /**
     * True when shard {@code index} should give way to the shard with the most database work (the
     * first such): that shard's path is its baseline, its suites and the RDS waiters, and what it
     * computes is on the run's longest path; the others fill the cores it leaves. False when no
     * shard waits on the database.
     */
    public boolean yields(List<List<Mutant>> shards, int index) {
        int most = -1;
        double mostWaiting = 0;
        for (int i = 0; i < shards.size(); i++) {
            double waiting = shards.get(i).stream()
                    .filter(Mutant::touchesDatabase)
                    .mapToDouble(this::cost)
                    .sum();
            if (waiting > mostWaiting) {
                most = i;
                mostWaiting = waiting;
            }
        }
        return most >= 0 && index != most;
    }

    /**
     * Puts {@code m} on the least loaded of the first {@code among} shards where it adds no
     * {@linkplain #returns return to the baseline}; else of all shards where it adds none; else of
     * the first {@code among}.
     */
    private void place(Mutant m, List<List<Mutant>> shards, double[] load, int among) {
        int best = leastLoaded(shards, load, among, m);
        if (best < 0) {
            best = leastLoaded(shards, load, shards.size(), m);
        }
        if (best < 0) {
            best = leastLoaded(shards, load, among, null);
        }
        shards.get(best).add(m);
        load[best] += cost(m);
    }

    /** The least loaded of the first {@code among} shards, skipping those where {@code m} would add a return to the baseline; -1: none. */
    private int leastLoaded(List<List<Mutant>> shards, double[] load, int among, Mutant m) {
        int best = -1;
        for (int i = 0; i < among; i++) {
            boolean costsAReturn = false;
            if (m != null) {
                List<Mutant> with = new ArrayList<>(shards.get(i));
                with.add(m);
                costsAReturn = returns(with) > returns(shards.get(i));
            }
            if (!costsAReturn && (best < 0 || load[i] < load[best])) {
                best = i;
            }
        }
        return best;
    }

    /**
     * How often a shard of these mutants, run in {@linkplain #order order}, would go back to the
     * baseline because of what the last run measured: each mutant is taken to trip its own control
     * and those it tripped last time, and a step where it could be applied straight over the one
     * before, but {@linkplain #follows may not}, is one return.
     */
    int returns(List<Mutant> shard) {
        List<Mutant> run = order(shard);
        int returns = 0;
        for (int i = 1; i < run.size(); i++) {
            Mutant prev = run.get(i - 1), next = run.get(i);
            if (prev.undoneByRemoval() && next.undoneByRemoval() && !follows(prev, next)) {
                returns++;
            }
        }
        return returns;
    }

    /**
     * The order a shard runs its mutants in: {@linkplain #runOrder() run order}, changed only where
     * that avoids returns to the baseline: the first order found, trying the run order's choices
     * first, in which every mutant may {@linkplain #follows follow} the one before it (or the one
     * before goes back to the baseline anyway); the run order when there is none (searched within a
     * bound). The shard takes, after each mutant, the first remaining one that may follow it: in this
     * order, the next.
     */
    public List<Mutant> order(List<Mutant> shard) {
        List<Mutant> sorted = new ArrayList<>(shard);
        sorted.sort(runOrder());
        List<Mutant> found = new ArrayList<>();
        return arrange(found, sorted, new int[] {10_000}) ? found : sorted;
    }

    /** Depth-first: extends {@code done} with {@code rest}, every step sound; false when none is (or the budget is spent). */
    private boolean arrange(List<Mutant> done, List<Mutant> rest, int[] budget) {
        if (rest.isEmpty()) {
            return true;
        }
        if (--budget[0] < 0) {
            return false;
        }
        Mutant prev = done.isEmpty() ? null : done.get(done.size() - 1);
        int part = part(rest.get(0)); // rest is in run order: its first mutant's part comes next
        for (Mutant m : List.copyOf(rest)) {
            if (part(m) != part || (part == 0 && m != rest.get(0))) {
                break; // the parts keep their order; classic mutants keep theirs
            }
            if (prev != null && prev.undoneByRemoval() && m.undoneByRemoval() && !follows(prev, m)) {
                continue;
            }
            done.add(m);
            rest.remove(m);
            if (arrange(done, rest, budget)) {
                return true;
            }
            rest.add(rest.size(), m);
            rest.sort(runOrder());
            done.remove(done.size() - 1);
        }
        return false;
    }

    /**
     * True when {@code next} may be applied straight over {@code prev} by what the last run measured:
     * {@code prev} did not trip {@code next}'s control (nor is it {@code prev}'s own), and neither
     * {@linkplain #clash clashes} with the other.
     */
    boolean follows(Mutant prev, Mutant next) {
        return !prev.control().equals(next.control()) && !clash(prev, next);
    }

    /**
     * The mutant to apply straight over {@code prev} (the one in place, whose suite made the
     * {@code tripped} controls fail), or empty: back to the baseline first. Only when both are
     * {@linkplain Mutant#undoneByRemoval() undone by removal}, and never one whose control failed
     * under {@code prev} (its verdict could be the other's doing), nor a database mutant while others
     * remain (it would pay a second wait when undone; going back to the baseline is cheaper).
     * Prefers one that does not {@linkplain #clash clash} with {@code prev} (the suite would not show
     * {@code prev} gone); the first such in {@code remaining}'s order.
     */
    public static Optional<Mutant> next(
            Mutant prev, Set<String> tripped, List<Mutant> remaining, BiPredicate<Mutant, Mutant> clash) {
        if (!prev.undoneByRemoval()) {
            return Optional.empty();
        }
        boolean othersLeft = remaining.stream().anyMatch(m -> !m.touchesDatabase());
        List<Mutant> candidates = remaining.stream()
                .filter(m ->
                        m.undoneByRemoval() && !tripped.contains(m.control()) && !(othersLeft && m.touchesDatabase()))
                .toList();
        return candidates.stream()
                .filter(m -> !clash.test(prev, m))
                .findFirst()
                .or(() -> candidates.stream().findFirst());
    }

    /**
     * The order within a shard: first the mutants that must go back to the baseline the classic way
     * (not {@linkplain Mutant#undoneByRemoval() undone by removal}: they start from the baseline and
     * return to it), then the others by name, then those that touch the database, cheapest first: a
     * shard applies each straight over the one before, so they follow each other with one database
     * change each, and the dearest (a replacement) comes last, where it is never reverted.
     */
    Comparator<Mutant> runOrder() {
        return Comparator.comparing(MutationPlan::part)
                .thenComparing(m -> m.touchesDatabase() ? cost(m) : 0)
                .thenComparing(Mutant::name);
    }

    /** Estimated seconds of a shard's mutants. */
    public double estimate(List<Mutant> shard) {
        return shard.stream().mapToDouble(this::cost).sum();
    }
}
