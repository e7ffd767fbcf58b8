package io.m300.harness.support.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.m300.harness.support.HarnessException;
import org.junit.jupiter.api.Test;

class OutputsTest {

    private final Outputs outputs;

    OutputsTest() throws Exception {
        outputs = new Outputs(new ObjectMapper().readTree("""
                {"vpc_id":{"value":"vpc-1","type":"string","sensitive":false},
                 "subnets":{"value":["a","b"],"type":["list","string"],"sensitive":false},
                 "port":{"value":3306,"type":"number","sensitive":false},
                 "secret":{"value":"hidden","type":"string","sensitive":true}}"""));
    }

    @Test
    void readsValuesListsAndNumbers() {
        assertThat(outputs.string("vpc_id")).isEqualTo("vpc-1");
        assertThat(outputs.list("subnets")).containsExactly("a", "b");
        assertThat(outputs.number("port")).isEqualTo(3306);
    }

    @Test
    void aMissingOutputSaysWhatToAdd() {
        assertThatThrownBy(() -> outputs.string("alb_arn"))
                .isInstanceOf(HarnessException.class)
                .hasMessageStartingWith("the deployed stack has no output 'alb_arn', which this check needs")
                .hasMessageContaining("add it to the outputs of the Terraform under test");
    }

    @Test
    void sensitiveOutputsAreNeverRead() {
        assertThatThrownBy(() -> outputs.string("secret"))
                .hasMessageContaining("sensitive")
                .hasMessageNotContaining("hidden");
    }

    @Test
    void secretsDoNotPrintThemselves() {
        assertThat(new Secret("hunter2").toString()).isEqualTo("****");
        assertThat(SelfSignedCertificate.generate("x.test").toString()).doesNotContain("PRIVATE");
    }
}
