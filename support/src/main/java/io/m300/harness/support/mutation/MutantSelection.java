package io.m300.harness.support.mutation;

import io.m300.harness.support.HarnessException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mutation run's selection options: {@code mutation.only} (control IDs or mutant names),
 * {@code mutation.names} (a shard's exact mutants) and {@code mutation.shard} ({@code i/N}).
 */
public final class MutantSelection {

    private static final Pattern SHARD = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d+)\\s*");

    private MutantSelection() {}

    /** Shard {@code index} (1-based) of {@code count}. */
    public record Shard(int index, int count) {
        /** {@code "i/N"} with 1 &lt;= i &lt;= N. */
        public static Shard parse(String spec) {
            Matcher m = SHARD.matcher(spec);
            if (!m.matches()
                    || Integer.parseInt(m.group(1)) < 1
                    || Integer.parseInt(m.group(1)) > Integer.parseInt(m.group(2))) {
                throw new HarnessException(
                        "mutation.shard must be i/N with 1 <= i <= N (like 2/3), not '" + spec + "'");
            }
            return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
    }

    /**
     * Exactly the mutants whose names (folder names) {@code names} lists, comma separated, in that
     * order (a shard runs them in the order its plan gave); an unknown name is an error.
     */
    public static List<Mutant> named(List<Mutant> all, String names) {
        Set<String> wanted = split(names);
        List<Mutant> chosen = wanted.stream()
                .flatMap(w -> all.stream().filter(m -> m.name().equals(w)).limit(1))
                .toList();
        Set<String> unknown = new LinkedHashSet<>(wanted);
        chosen.forEach(m -> unknown.remove(m.name()));
        if (!unknown.isEmpty()) {
            throw new HarnessException("no mutant is named " + unknown + " (known: " + names(all) + ")");
        }
        return chosen;
    }

    /** The mutants named in {@code only} (control IDs or mutant names, comma separated); all when blank. */
    public static List<Mutant> only(List<Mutant> all, String only) {
        if (only == null || only.isBlank()) {
            return all;
        }
        Set<String> wanted = split(only);
        List<Mutant> chosen = all.stream()
                .filter(m -> wanted.contains(m.name()) || wanted.contains(m.control()))
                .toList();
        Set<String> unknown = new LinkedHashSet<>(wanted);
        all.forEach(m -> {
            unknown.remove(m.name());
            unknown.remove(m.control());
        });
        if (!unknown.isEmpty()) {
            throw new HarnessException("mutation.only names no mutant: " + unknown + " (known: " + names(all) + ")");
        }
        return chosen;
    }

    private static Set<String> split(String list) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String w : list.split(",")) {
            if (!w.isBlank()) {
                wanted.add(w.strip());
            }
        }
        return wanted;
    }

    private static List<String> names(List<Mutant> all) {
        return all.stream().map(Mutant::name).toList();
    }
}
