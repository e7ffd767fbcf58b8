package io.m300.harness.support.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StateLocationsTest {

    @Test
    void namesTheResourceOfAStatePath() throws Exception {
        var state = new ObjectMapper().readTree("""
                {"resources":[{"mode":"managed","type":"aws_vpc","name":"this","instances":[{"attributes":{}}]},
                              {"mode":"data","type":"aws_ssm_parameter","name":"pw","instances":[{"attributes":{"value":"x"}}]}]}""");
        assertThat(StateLocations.describe(state, "$.resources[1].instances[0].attributes.value"))
                .isEqualTo("data.aws_ssm_parameter.pw, attribute value");
    }

    @Test
    void namesTheResourceOfAPlanPath() throws Exception {
        var plan = new ObjectMapper().readTree("{\"resource_changes\":[{\"address\":\"aws_db_instance.this\"}]}");
        assertThat(StateLocations.describe(plan, "$.resource_changes[0].change.after.password"))
                .isEqualTo("aws_db_instance.this (after), attribute password");
        assertThat(StateLocations.describe(plan, "$.variables.x")).isEqualTo("$.variables.x");
    }
}
