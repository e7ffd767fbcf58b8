package io.m300.harness.support.stack;

/** A secret value that never prints itself: {@code toString()} is masked, {@link #reveal()} is explicit. */
public final class Secret {

    private final String value;

    public Secret(String value) {
        this.value = value;
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }
}
