package io.m300.harness.support.aws.types;

import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.stack.StackInventory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * One Terraform/AWS resource type, described once: how a run's resources of the type are found
 * and deleted ({@link Tracking}), whether one that the state listed still exists after destroy
 * ({@link Existence}), which error codes of that lookup are the service's documented "not found"
 * answer, and the IAM actions each of those needs ({@link Actions}). The teardown check, the
 * sweeper, the janitor and the role policy's test all read these descriptions
 * ({@link ResourceTypes#all()}).
 *
 * @param notFound the documented error codes (AWS error code, or {@code HTTP 404} for a response
 *                 that carries no code, as S3's HEAD) that mean "no such resource"; any other error
 *                 of the lookup is not an answer
 */
public record ResourceType(
        String terraformType, Tracking tracking, Existence existence, Set<String> notFound, Actions actions) {

    /** The state AWS reports for a resource the state listed, or {@link #ABSENT} when its lookup no longer finds it. */
    @FunctionalInterface
    public interface Existence {
        String state(AwsClients aws, StackInventory.Resource resource);
    }

    /** A lookup's answer for a resource its describe call does not find. */
    public static final String ABSENT = "not found";
    /** A lookup's answer for a resource that exists and has no state of its own. */
    public static final String EXISTS = "exists";

    public ResourceType {
        Objects.requireNonNull(terraformType);
        Objects.requireNonNull(tracking);
        Objects.requireNonNull(existence);
        notFound = Set.copyOf(notFound);
        Objects.requireNonNull(actions);
    }

    /** Whether this error of the type's lookup is the service's documented answer "no such resource" (by code or status, never by message). */
    public boolean isNotFound(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if (code != null && !code.isBlank()) {
            return notFound.contains(code);
        }
        return e.statusCode() == 404 && notFound.contains("HTTP 404");
    }

    /** The same description under another Terraform type (an alias, as {@code aws_alb} of {@code aws_lb}). */
    ResourceType as(String otherType) {
        return new ResourceType(otherType, tracking, existence, notFound, actions);
    }

    static Builder type(String terraformType) {
        return new Builder(terraformType);
    }

    /** Writes a description as a sentence: {@code type("aws_vpc").tagged(..).exists(..).notFound(..).list(..)...}. */
    static final class Builder {
        private final String type;
        private Tracking tracking;
        private Existence existence;
        private final List<String> notFound = new ArrayList<>();
        private final List<String> list = new ArrayList<>();
        private final List<String> exists = new ArrayList<>();
        private final List<String> delete = new ArrayList<>();

        private Builder(String type) {
            this.type = type;
        }

        Builder tagged(Kind kind) {
            this.tracking = new Tracking.Tagged(kind);
            return this;
        }

        Builder named(Kind kind, String how) {
            this.tracking = new Tracking.Named(kind, how);
            return this;
        }

        Builder notSwept(String why) {
            this.tracking = new Tracking.NotSwept(why);
            return this;
        }

        Builder withParent(String parentType, String how) {
            this.tracking = new Tracking.WithParent(parentType, how);
            return this;
        }

        Builder exists(Existence lookup, String... actions) {
            this.existence = lookup;
            this.exists.addAll(List.of(actions));
            return this;
        }

        Builder notFound(String... codes) {
            notFound.addAll(List.of(codes));
            return this;
        }

        Builder list(String... actions) {
            list.addAll(List.of(actions));
            return this;
        }

        Builder delete(String... actions) {
            delete.addAll(List.of(actions));
            return this;
        }

        ResourceType build() {
            return new ResourceType(type, tracking, existence, Set.copyOf(notFound), new Actions(list, exists, delete));
        }
    }

    // ---------------------------------------------------------------- helpers for the lookups

    /** The first state of a describe call's answer ({@link #EXISTS} when it has none), {@link #ABSENT} when it found nothing. */
    static String first(List<String> states) {
        if (states.isEmpty()) {
            return ABSENT;
        }
        String s = states.get(0);
        return s == null || s.isEmpty() ? EXISTS : s;
    }

    /** {@link #first(List)} of the states {@code state} reads from a describe call's answer. */
    static <T> String first(List<T> found, Function<T, String> state) {
        return first(found.stream().map(state).toList());
    }

    static String exists(List<?> found) {
        return found.isEmpty() ? ABSENT : EXISTS;
    }

    static String present(Object response) {
        return response == null ? ABSENT : EXISTS;
    }
}
