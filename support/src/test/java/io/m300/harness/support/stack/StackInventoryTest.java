package io.m300.harness.support.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.m300.harness.support.HarnessException;
import org.junit.jupiter.api.Test;

class StackInventoryTest {

    private static final String STATE = """
            {"version":4,"terraform_version":"1.11.4","resources":[
             {"mode":"managed","type":"aws_iam_role","name":"task","instances":[{"attributes":{"id":"r1","arn":"arn:aws:iam::1:role/r1","name":"r1"}}]},
             {"module":"module.net","mode":"managed","type":"aws_security_group","name":"db","instances":[
               {"index_key":0,"attributes":{"id":"sg-1"}},{"index_key":"b","attributes":{"id":"sg-2"}}]},
             {"mode":"data","type":"aws_iam_user","name":"ops","instances":[{"attributes":{"id":"ops","user_name":"ops"}}]},
             {"mode":"managed","type":"aws_iam_user_policy_attachment","name":"a","instances":[{"attributes":{"id":"x","user":"ops","policy_arn":"p"}}]}
            ]}""";

    @Test
    void listsManagedAndDataResourcesWithTheirAddresses() {
        StackInventory inv = StackInventory.parse(STATE);
        assertThat(inv.managed("aws_security_group"))
                .extracting(StackInventory.Resource::address)
                .containsExactly("module.net.aws_security_group.db[0]", "module.net.aws_security_group.db[\"b\"]");
        assertThat(inv.managed("aws_iam_role").get(0).arn()).contains("arn:aws:iam::1:role/r1");
        assertThat(inv.data("aws_iam_user"))
                .extracting(StackInventory.Resource::address)
                .containsExactly("data.aws_iam_user.ops");
        assertThat(inv.managed("aws_iam_user")).isEmpty();
        assertThat(inv.values("user", "aws_iam_user_policy_attachment")).containsExactly("ops");
        assertThat(inv.isEmpty()).isFalse();
    }

    @Test
    void anEmptyStateHasNothingToInspect() {
        assertThat(StackInventory.parse("{\"version\":4,\"resources\":[]}").isEmpty())
                .isTrue();
    }

    @Test
    void somethingThatIsNotAStateIsAClearError() {
        assertThatThrownBy(() -> StackInventory.parse(""))
                .isInstanceOf(HarnessException.class)
                .hasMessageContaining("not a state");
        assertThatThrownBy(() -> StackInventory.parse("{oops"))
                .isInstanceOf(HarnessException.class)
                .hasMessageContaining("not JSON");
    }
}
