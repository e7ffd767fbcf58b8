package io.m300.harness.support.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.aws.types.Kinds;
import io.m300.harness.support.aws.types.ResourceTypes;
import io.m300.harness.support.stack.TaggedResources;
import org.junit.jupiter.api.Test;

/** The sweeper deletes every kind that a resource-type description names, and every kind the walker lists. */
class DeletersTest {

    @Test
    void everyDescribedKindHasADeleter() {
        assertThat(Passes.deletedKinds())
                .as("kinds the sweeper's deleters delete")
                .containsAll(ResourceTypes.kinds());
    }

    @Test
    void theKindsOfTypesTheNightlyRoleMayNotCreateAreListedButNotDeleted() {
        assertThat(TaggedResources.LISTED).contains(Kinds.USER);
        assertThat(Passes.deletedKinds()).doesNotContain(Kinds.USER, Kinds.DB_CLUSTER, Kinds.PREFIX_LIST);
    }
}
