package io.m300.harness.support.report.findings;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which failures the waivers accept. Only a violation (a scenario that failed on an assertion) can be
 * accepted: a scenario that could not be verified or was skipped stays what it is. A waiver covers a
 * violation of its control, and, when it names a resource, only one whose finding names that resource
 * (by address, with or without its instance key). An expired waiver accepts nothing: the violation
 * fails and says the waiver expired. A waiver that covers no violation of the run is stale.
 */
public final class WaiverJudgement {

    /** A violation to judge: its control and the Terraform addresses its finding names. */
    public record Violation(String control, List<String> addresses) {}

    public enum Kind {
        ACCEPTED,
        EXPIRED,
        NOT_WAIVED
    }

    /** What the waivers make of one violation; {@code waiver} is null when none covers it. */
    public record Outcome(Kind kind, Waiver waiver) {
        public boolean accepted() {
            return kind == Kind.ACCEPTED;
        }

        /** The line shown with the violation, or empty. */
        public Optional<String> text() {
            return switch (kind) {
                case ACCEPTED -> Optional.of(waiver.accepted());
                case EXPIRED ->
                    Optional.of("the waiver for " + waiver.scope() + " expired on " + waiver.expires() + " ("
                            + waiver.reason() + ", " + waiver.owner() + "): it fails again");
                case NOT_WAIVED -> Optional.empty();
            };
        }
    }

    private final List<Waiver> waivers;
    private final LocalDate today;
    private final Set<Waiver> used = new LinkedHashSet<>();

    public WaiverJudgement(List<Waiver> waivers, LocalDate today) {
        this.waivers = List.copyOf(waivers);
        this.today = today;
    }

    /** Judges one violation (call once per violation, then {@link #stale()}). */
    public Outcome judge(Violation v) {
        List<Waiver> covering = waivers.stream().filter(w -> covers(w, v)).toList();
        Optional<Waiver> live =
                covering.stream().filter(w -> !w.expiredOn(today)).findFirst();
        if (live.isPresent()) {
            used.add(live.get());
            return new Outcome(Kind.ACCEPTED, live.get());
        }
        if (!covering.isEmpty()) {
            used.add(covering.get(0));
            return new Outcome(Kind.EXPIRED, covering.get(0));
        }
        return new Outcome(Kind.NOT_WAIVED, null);
    }

    /** Waivers that covered no violation judged so far, each with one line saying so. */
    public List<String> stale() {
        List<String> out = new ArrayList<>();
        for (Waiver w : waivers) {
            if (!used.contains(w)) {
                out.add("waiver " + w.index() + " (" + w.scope() + ", " + w.owner()
                        + ") is stale: nothing it covers was violated in this run"
                        + (w.expiredOn(today) ? "; it expired on " + w.expires() : "") + ": remove it");
            }
        }
        return out;
    }

    private static boolean covers(Waiver w, Violation v) {
        if (!w.control().equals(v.control())) {
            return false;
        }
        if (w.resource() == null) {
            return true;
        }
        return v.addresses().stream()
                .anyMatch(a ->
                        a.equals(w.resource()) || SourceIndex.blockAddress(a).equals(w.resource()));
    }
}
