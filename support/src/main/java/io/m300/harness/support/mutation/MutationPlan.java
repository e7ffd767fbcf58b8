package io.m300.harness.support.mutation;

import io.m300.harness.support.HarnessException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the mutants of a run are spread over shards (each shard: its own emulator and baseline
 * deployment, mutants one after another). Each mutant costs what the last run measured (the cost
 * table, {@code mutant name = seconds}); an unmeasured one costs {@link #SLOW} when its files touch
 * the database (RDS modifications wait on the provider's waiters), else {@link #CHEAP}. The
 * database mutants share as few shards as their share of the work allows (their minutes are waits,
 * which let the other shards compute); the others are spread longest first, each to the shard with
 * the least work so far. Within a shard, the mutants that touch the database come last, cheapest first: a shard
 * applies each mutant straight over the one before where it can, so they follow each other with
 * one database change each, and the last one is never reverted. A mutant that tripped another's
 * control in the last run goes to another shard than that one where it can. The plan depends on nothing but its input:
 * every shard computes the same one.
 */
public final class MutationPlan {

    public static final double SLOW = 240;
    public static final double CHEAP = 60;
    /** A resource block of the database or of what it is built from: changing one waits on the RDS waiters. */
    private static final Pattern DATABASE = Pattern.compile(
            "resource\\s+\"aws_(db_instance|db_subnet_group|db_parameter_group|db_option_group|rds_cluster\\w*)\"");

    /** A table entry: {@code seconds}, optionally followed by {@code , trips ID ID ...}. */
    private static final Pattern ENTRY = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(?:,\\s*trips\\s+([A-Z0-9 -]*))?\\s*");

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

    /** The cost table in {@code file} (missing: nothing measured). */
    public static MutationPlan fromFile(Path file) {
        Properties table = load(file);
        return new MutationPlan(read(table), readTrips(table));
    }

    public double cost(Mutant m) {
        Double seconds = measured.get(m.name());
        if (seconds != null) {
            return seconds;
        }
        return touchesDatabase(m) ? SLOW : CHEAP;
    }

    /**
     * True when one of the mutant's files declares or overrides a database resource (or cannot be
     * read); a policy that merely names {@code rds:} actions does not count.
     */
    public static boolean touchesDatabase(Mutant m) {
        for (Path f : m.files()) {
            try {
                if (DATABASE.matcher(Files.readString(f)).find()) {
                    return true;
                }
            } catch (IOException e) {
                return true; // unreadable: assume the worst
            }
        }
        return false;
    }

    /**
     * At most {@code n} shards (never an empty one), each in {@linkplain #runOrder() run order}.
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
        List<Mutant> waiting = order.stream().filter(MutationPlan::touchesDatabase).toList();
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
        shards.forEach(s -> s.sort(runOrder()));
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
        return m.undoneByRemoval() ? (touchesDatabase(m) ? 2 : 1) : 0;
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
        return shard.stream().anyMatch(MutationPlan::touchesDatabase);
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
            double waiting = shards.get(i).stream().filter(MutationPlan::touchesDatabase).mapToDouble(this::cost).sum();
            if (waiting > mostWaiting) {
                most = i;
                mostWaiting = waiting;
            }
        }
        return most >= 0 && index != most;
    }

    /**
     * Puts {@code m} on the least loaded of the first {@code among} shards that holds no mutant it
     * {@linkplain #clash clashes} with; else of all shards without one; else of the first {@code among}.
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

    /** The least loaded of the first {@code among} shards, skipping those that hold a mutant {@code m} clashes with; -1: none. */
    private int leastLoaded(List<List<Mutant>> shards, double[] load, int among, Mutant m) {
        int best = -1;
        for (int i = 0; i < among; i++) {
            boolean clashes = m != null && shards.get(i).stream().anyMatch(other -> clash(m, other));
            if (!clashes && (best < 0 || load[i] < load[best])) {
                best = i;
            }
        }
        return best;
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
                .thenComparing(m -> touchesDatabase(m) ? cost(m) : 0)
                .thenComparing(Mutant::name);
    }

    /** Estimated seconds of a shard's mutants. */
    public double estimate(List<Mutant> shard) {
        return shard.stream().mapToDouble(this::cost).sum();
    }

    /** {@code "i/N"} (1-based) as {@code [i, N]}. */
    public static int[] parseShard(String spec) {
        var m = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d+)\\s*").matcher(spec);
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > Integer.parseInt(m.group(2))) {
            throw new HarnessException("mutation.shard must be i/N with 1 <= i <= N (like 2/3), not '" + spec + "'");
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /**
     * Exactly the mutants whose names (folder names) {@code names} lists, comma separated, in that
     * order (a shard runs them in the order its plan gave); an unknown name is an error.
     */
    public static List<Mutant> named(List<Mutant> all, String names) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String w : names.split(",")) {
            if (!w.isBlank()) {
                wanted.add(w.strip());
            }
        }
        List<Mutant> chosen = wanted.stream().flatMap(w -> all.stream().filter(m -> m.name().equals(w)).limit(1)).toList();
        Set<String> unknown = new LinkedHashSet<>(wanted);
        chosen.forEach(m -> unknown.remove(m.name()));
        if (!unknown.isEmpty()) {
            throw new HarnessException("no mutant is named " + unknown + " (known: " + all.stream().map(Mutant::name).toList() + ")");
        }
        return chosen;
    }

    /** The mutants named in {@code only} (control IDs or mutant names, comma separated); all when blank. */
    public static List<Mutant> only(List<Mutant> all, String only) {
        if (only == null || only.isBlank()) {
            return all;
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String w : only.split(",")) {
            if (!w.isBlank()) {
                wanted.add(w.strip());
            }
        }
        List<Mutant> chosen = all.stream().filter(m -> wanted.contains(m.name()) || wanted.contains(m.control())).toList();
        Set<String> unknown = new LinkedHashSet<>(wanted);
        all.forEach(m -> {
            unknown.remove(m.name());
            unknown.remove(m.control());
        });
        if (!unknown.isEmpty()) {
            throw new HarnessException("mutation.only names no mutant: " + unknown + " (known: "
                    + all.stream().map(Mutant::name).toList() + ")");
        }
        return chosen;
    }

    /**
     * The old table with every measured mutant's seconds (rounded) put in, and the other controls it
     * tripped, if any ({@code NET-01 = 93, trips NET-02}).
     */
    public static Properties updatedCosts(Properties old, Map<String, Double> seconds, Map<String, Set<String>> tripped) {
        Properties p = new Properties();
        p.putAll(old);
        seconds.forEach((name, s) -> {
            Set<String> others = tripped.getOrDefault(name, Set.of());
            p.setProperty(name, Math.round(s) + (others.isEmpty() ? "" : ", trips " + String.join(" ", new TreeSet<>(others))));
        });
        return p;
    }

    public static Properties load(Path file) {
        Properties p = new Properties();
        if (file != null && Files.isRegularFile(file)) {
            try (var in = Files.newBufferedReader(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new HarnessException("cannot read the mutation cost table " + file + ": " + e.getMessage());
            }
        }
        return p;
    }

    /** Writes the table sorted, with a header that says what it is. */
    public static void store(Properties p, Path file) {
        StringBuilder b = new StringBuilder("# Seconds each mutant took in the last mutation run (its apply and suite, and a return to the baseline where one was needed).\n")
                .append("# The mutation run spreads mutants over shards by these; unmeasured ones count ")
                .append((int) CHEAP).append(" s, or ").append((int) SLOW).append(" s when they touch the database.\n")
                .append("# \"trips\": the other controls it made fail; the plan puts it and their mutants in different shards.\n");
        new TreeMap<>(p).forEach((k, v) -> b.append(k).append(" = ").append(v).append('\n'));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, b.toString());
        } catch (IOException e) {
            throw new HarnessException("cannot write the mutation cost table " + file + ": " + e.getMessage());
        }
    }

    static Map<String, Double> read(Properties p) {
        Map<String, Double> m = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            Matcher e = ENTRY.matcher(p.getProperty(k));
            if (e.matches()) {
                m.put(k, Double.parseDouble(e.group(1)));
            } // a bad entry counts as unmeasured
        }
        return m;
    }

    static Map<String, Set<String>> readTrips(Properties p) {
        Map<String, Set<String>> m = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            Matcher e = ENTRY.matcher(p.getProperty(k));
            if (e.matches() && e.group(2) != null && !e.group(2).isBlank()) {
                m.put(k, new TreeSet<>(List.of(e.group(2).strip().split("\\s+"))));
            }
        }
        return m;
    }
}
