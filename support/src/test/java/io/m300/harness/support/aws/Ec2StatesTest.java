package io.m300.harness.support.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.aws.types.Kinds;
import org.junit.jupiter.api.Test;

/** The walker's EC2 type names, which need no emulator. */
class Ec2StatesTest {

    @Test
    void ec2TypesAreAwssNamesWhateverTheEmulatorReports() {
        // moto 5.2's DescribeTags names: under them the sweeper's deleters found no NAT gateway, EIP or flow log
        assertThat(Ec2States.type("nat-gateway", "nat-0123abcd")).isEqualTo(Kinds.NAT_GATEWAY.name());
        assertThat(Ec2States.type("vpc-elastic-ip", "eipalloc-0123abcd")).isEqualTo(Kinds.ELASTIC_IP.name());
        assertThat(Ec2States.type("flow-logs", "fl-0123abcd")).isEqualTo(Kinds.FLOW_LOG.name());
        assertThat(Ec2States.type("managed-prefix-list", "pl-0123abcd")).isEqualTo(Kinds.PREFIX_LIST.name());
        assertThat(Ec2States.type("", "nip-0123abcd")).isEqualTo(Kinds.INSIGHTS_PATH.name());
        assertThat(Ec2States.type("vpc", "vpc-0123abcd")).isEqualTo("vpc");
        assertThat(Ec2States.type("instance", "i-0123abcd"))
                .as("a prefix the stack does not make")
                .isEqualTo("instance");
    }
}
