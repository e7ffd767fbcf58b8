package io.m300.harness.support.aws.types;

import java.util.Optional;

/**
 * How the run's resources of one Terraform type are found and deleted when Terraform cannot do it
 * (the teardown check's tag listing, the sweeper, the janitor).
 */
public sealed interface Tracking {

    /** The kind this type is listed and deleted as, if it has one of its own. */
    Optional<Kind> kind();

    /** Carries the run tag: listed under {@code kind} by the walker and deleted by the sweeper's deleter of that kind. */
    record Tagged(Kind kind_) implements Tracking {
        @Override
        public Optional<Kind> kind() {
            return Optional.of(kind_);
        }
    }

    /**
     * Found by name, not by tag ({@code how} says which name): the prerequisites the harness makes
     * before Terraform runs, e.g. the password parameter {@code /<run id>/...}.
     */
    record Named(Kind kind_, String how) implements Tracking {
        @Override
        public Optional<Kind> kind() {
            return Optional.of(kind_);
        }
    }

    /**
     * Has no tag and no listing of its own: it is part of (or deleted with) a resource of
     * {@code parentType}, e.g. a route goes with its route table. {@code how} says why.
     */
    record WithParent(String parentType, String how) implements Tracking {
        @Override
        public Optional<Kind> kind() {
            return Optional.empty();
        }
    }

    /**
     * Not swept: a type that only the emulator's stacks use (mutants, fixtures), which the nightly
     * role may not create in an account, so the sweeper needs no right to delete it (least
     * privilege). {@code ResourceTypesTest} fails when a type of {@code infra/} itself is described so.
     */
    record NotSwept(String why) implements Tracking {
        @Override
        public Optional<Kind> kind() {
            return Optional.empty();
        }
    }
}
