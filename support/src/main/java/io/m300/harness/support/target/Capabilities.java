package io.m300.harness.support.target;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The capabilities of one target: each one present, or missing with the reason. */
public final class Capabilities {

    private final Map<Capability, String> missing = new EnumMap<>(Capability.class);

    public static Capabilities all() {
        return new Capabilities();
    }

    public Capabilities without(Capability c, String reason) {
        missing.put(c, reason);
        return this;
    }

    public boolean has(Capability c) {
        return !missing.containsKey(c);
    }

    /** Why the target lacks the capability; empty if it has it. */
    public Optional<String> whyMissing(Capability c) {
        return Optional.ofNullable(missing.get(c));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Capability c : Capability.values()) {
            b.append(b.length() == 0 ? "" : ", ").append(c.name().toLowerCase()).append(has(c) ? "=yes" : "=no");
        }
        return b.toString();
    }
}
