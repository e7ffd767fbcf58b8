package io.m300.harness.support.aws.types;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every resource type the harness knows, each described once ({@link ResourceType}). Adding a
 * Terraform type to {@code infra/} is one entry in {@link NetworkTypes}, {@link WorkloadTypes} or
 * {@link PlatformTypes}; {@code ResourceTypesTest} fails for a type of {@code infra/} or
 * {@code fixtures/} that has none, and for a kind that the walker does not list or the sweeper
 * does not delete.
 */
public final class ResourceTypes {

    private static final Map<String, ResourceType> BY_TYPE = index();

    private ResourceTypes() {}

    private static Map<String, ResourceType> index() {
        Map<String, ResourceType> m = new LinkedHashMap<>();
        Stream.of(NetworkTypes.all(), WorkloadTypes.all(), PlatformTypes.all())
                .flatMap(List::stream)
                .forEach(t -> {
                    if (m.put(t.terraformType(), t) != null) {
                        throw new IllegalStateException("two descriptions of " + t.terraformType());
                    }
                });
        return Map.copyOf(m);
    }

    /** Every description. */
    public static Collection<ResourceType> all() {
        return BY_TYPE.values();
    }

    /** The description of a Terraform type, if there is one. */
    public static Optional<ResourceType> of(String terraformType) {
        return Optional.ofNullable(BY_TYPE.get(terraformType));
    }

    /** The kinds the descriptions name: the walker must list each and the sweeper delete each. */
    public static Set<Kind> kinds() {
        return all().stream()
                .flatMap(t -> t.tracking().kind().stream())
                .collect(Collectors.toCollection(() -> new TreeSet<>(Comparator.comparing(Kind::toString))));
    }

    /** The types of {@code used} that have no description, sorted. */
    public static Set<String> undescribed(Collection<String> used) {
        return used.stream().filter(t -> !BY_TYPE.containsKey(t)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every IAM action the descriptions need, sorted (for the role policy's test). */
    public static Set<String> actions() {
        return all().stream().flatMap(t -> t.actions().all().stream()).collect(Collectors.toCollection(TreeSet::new));
    }
}
