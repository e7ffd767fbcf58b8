package io.m300.harness.features.livingdoc;

import io.m300.harness.features.livingdoc.Pages.MutantBadge;
import io.m300.harness.features.mutation.MutationReport;
import io.m300.harness.features.mutation.MutationReport.Mutant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The badges of a control's mutants: one per mutant and mutation report, with its verdict and why. */
final class MutantBadges {

    private MutantBadges() {}

    static List<MutantBadge> of(List<MutationReport> mutations, String controlId) {
        List<MutantBadge> badges = new ArrayList<>();
        for (MutationReport r : mutations) {
            for (Mutant mu : r.all(controlId)) {
                // undeclared: killed, but it tripped controls its README does not declare; it fails the run like a
                // survivor
                String css = mu.killed()
                        ? "killed"
                        : mu.survived() || "undeclared".equals(mu.verdict())
                                ? "survived"
                                : mu.errored() ? "errored" : "not-checkable";
                badges.add(new MutantBadge(
                        css,
                        mu.name(),
                        mu.verdict(),
                        mutantTitle(r, mu),
                        mu.name().equals(controlId)
                                ? null
                                : mu.name().substring(mu.name().indexOf('.') + 1),
                        mu.errored()
                                ? "could not be verified"
                                : "undeclared".equals(mu.verdict())
                                        ? "killed, tripping undeclared controls"
                                        : mu.verdict(),
                        mutations.size() > 1 ? r.target() : null));
            }
        }
        return badges;
    }

    private static String mutantTitle(MutationReport r, Mutant m) {
        StringBuilder t = new StringBuilder(m.name())
                .append(" on ")
                .append(r.target())
                .append(": ")
                .append(
                        m.errored()
                                ? "errored (its control's check threw instead of asserting: could not be verified)"
                                : m.verdict());
        if (m.killed()) {
            t.append(
                    m.precise()
                            ? ", precisely (no other control tripped)"
                            : ", but it also tripped " + String.join(", ", m.tripped()));
        } else if (!m.tripped().isEmpty()) {
            t.append("; tripped ").append(String.join(", ", m.tripped()));
        }
        if (m.seconds() > 0) {
            t.append(String.format(Locale.ROOT, " in %.0f s", m.seconds()));
        }
        if (!m.reason().isBlank()) {
            t.append(". ").append(m.reason());
        }
        return t.toString();
    }
}
