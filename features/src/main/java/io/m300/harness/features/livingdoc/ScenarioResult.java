package io.m300.harness.features.livingdoc;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One scenario as it ran: its Gherkin steps (the background's first), what each observed
 * (its evidence), and its outcome. Built from Cucumber's JSON report by {@link CucumberJson}.
 */
public record ScenarioResult(
        String feature,
        String featureDescription,
        String uri,
        String name,
        int line,
        List<String> tags,
        List<Step> steps,
        List<Step> hooks,
        Status status,
        String started,
        long durationNanos) {

    /** A Gherkin step (or, in {@link #hooks()}, a hook) with its result. */
    public record Step(
            String keyword,
            String text,
            boolean background,
            Status status,
            long durationNanos,
            String errorMessage,
            List<Attachment> attachments,
            List<String> output,
            List<List<String>> rows,
            String docString) {

        /** The error's message without its stack trace. */
        public String message() {
            return CucumberJson.messageOf(errorMessage);
        }
    }

    /** An attachment; evidence is text, named {@code "evidence: <label>"}. */
    public record Attachment(String name, String mediaType, String text) {
        public boolean isEvidence() {
            return name != null && name.startsWith("evidence:");
        }

        /** The evidence label ({@code "reachability"}) or the attachment's name. */
        public String label() {
            if (name == null || name.isBlank()) {
                return mediaType;
            }
            return isEvidence() ? name.substring("evidence:".length()).trim() : name;
        }
    }

    /** The control IDs among the tags ({@code @NET-01} -> {@code NET-01}). */
    public List<String> controlIds() {
        return tags.stream()
                .map(t -> t.startsWith("@") ? t.substring(1) : t)
                .filter(t -> Catalogue.CONTROL_ID.matcher(t).matches())
                .toList();
    }

    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }

    /** Tags a scenario carries for a capability the target must have ({@code @requires-...}). */
    public List<String> requirements() {
        return tags.stream().filter(t -> t.startsWith("@requires-")).toList();
    }

    /** The first step or hook that failed (or is undefined, pending, ambiguous). */
    public Optional<Step> failingStep() {
        return Stream.concat(
                        hooks.stream().filter(h -> h.keyword().equals("Before")),
                        Stream.concat(
                                steps.stream(),
                                hooks.stream().filter(h -> !h.keyword().equals("Before"))))
                .filter(s -> s.status().isFailure())
                .findFirst();
    }

    /**
     * Why the scenario was skipped: what the skipping hook (or step) logged with
     * {@code scenario.log(reason)}, else the message of the {@code TestAbortedException} it threw.
     */
    public Optional<String> skipReason() {
        if (status != Status.SKIPPED) {
            return Optional.empty();
        }
        for (List<Step> group : List.of(hooks, steps)) {
            for (Step s : group) {
                if (s.status() == Status.SKIPPED) {
                    Optional<String> logged =
                            s.output().stream().filter(o -> !o.isBlank()).findFirst();
                    if (logged.isPresent()) {
                        return logged;
                    }
                    if (s.errorMessage() != null && !s.errorMessage().isBlank()) {
                        return Optional.of(s.message());
                    }
                }
            }
        }
        return Optional.of("skipped (no reason recorded)");
    }

    /**
     * True when the scenario failed on an assertion: its first failing step (or hook) failed, and
     * what it threw is an assertion error ({@code java.lang.AssertionError}, opentest4j's
     * {@code AssertionFailedError}, AssertJ's soft-assertion errors). An SDK exception, a null
     * pointer, a harness error, an undefined or pending step is not: the check could not look.
     */
    public boolean failedOnAssertion() {
        return failingStep()
                .filter(s -> s.status() == Status.FAILED)
                .map(s -> ASSERTION
                        .matcher(
                                s.errorMessage() == null ? "" : s.errorMessage().strip())
                        .lookingAt())
                .orElse(false);
    }

    /** The first failing step's exception, without its package ({@code SdkClientException}); "" when none. */
    public String errorType() {
        return failingStep()
                .map(s -> {
                    var m = EXCEPTION.matcher(
                            s.errorMessage() == null ? "" : s.errorMessage().strip());
                    return m.lookingAt() ? m.group(2) : "";
                })
                .orElse("");
    }

    private static final Pattern ASSERTION = Pattern.compile(
            "(?:[\\w$]+\\.)*[\\w$]*(?:AssertionError|AssertionFailedError|MultipleFailuresError|ComparisonFailure)\\b(?!\\.)");
    private static final Pattern EXCEPTION =
            Pattern.compile("((?:[a-z_][\\w$]*\\.)+)?([A-Z][\\w$]*(?:Exception|Error|Failure|Throwable))\\b");

    /** The texts of every attachment (of steps and hooks) with this name, in the order attached. */
    public List<String> attachments(String name) {
        return Stream.concat(steps.stream(), hooks.stream())
                .flatMap(s -> s.attachments().stream())
                .filter(a -> name.equals(a.name()))
                .map(Attachment::text)
                .toList();
    }

    /** Every evidence attachment, in the order observed. */
    public List<Attachment> evidence() {
        return Stream.concat(
                        hooks.stream().filter(h -> h.keyword().equals("Before")),
                        Stream.concat(
                                steps.stream(),
                                hooks.stream().filter(h -> !h.keyword().equals("Before"))))
                .flatMap(s -> s.attachments().stream())
                .filter(Attachment::isEvidence)
                .toList();
    }
}
