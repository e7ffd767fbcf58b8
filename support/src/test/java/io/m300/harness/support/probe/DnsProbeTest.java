package io.m300.harness.support.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class DnsProbeTest {

    private static DnsProbe.Resolver answering(String... addresses) {
        return name -> {
            InetAddress[] result = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                result[i] = InetAddress.getByName(addresses[i]); // literals: no lookup
            }
            return result;
        };
    }

    @Test
    void privateAddressesOnlyPass() {
        DnsProbe.Verdict verdict = DnsProbe.resolve("db.internal", answering("10.0.11.23", "10.0.12.7"));

        assertThat(verdict.privateOnly()).isTrue();
        assertThat(verdict.addresses()).containsExactly("10.0.11.23", "10.0.12.7");
        assertThat(verdict.toString()).contains("all private");
    }

    @Test
    void aPublicAddressFails() {
        DnsProbe.Verdict verdict = DnsProbe.resolve("db.example", answering("203.0.113.7"));

        assertThat(verdict.privateOnly())
                .as("a public address must fail the check")
                .isFalse();
        assertThat(verdict.publicAddresses()).containsExactly("203.0.113.7");
        assertThat(verdict.toString()).contains("public: 203.0.113.7");
    }

    @Test
    void onePublicAmongPrivateFails() {
        DnsProbe.Verdict verdict = DnsProbe.resolve("db.example", answering("10.0.0.5", "172.32.0.1", "fd00::1"));

        assertThat(verdict.privateOnly()).isFalse();
        assertThat(verdict.publicAddresses()).containsExactly("172.32.0.1");
    }

    @Test
    void aPublicIpv6AddressFails() {
        assertThat(DnsProbe.resolve("db", answering("2001:db8::1")).privateOnly())
                .isFalse();
        assertThat(DnsProbe.resolve("db", answering("fd12:3456::1")).privateOnly())
                .isTrue();
        assertThat(DnsProbe.resolve("db", answering("fe80::1%1")).privateOnly())
                .as("a link-local address with its zone")
                .isTrue();
        assertThat(DnsProbe.resolve("db", answering("2001:db8::1%1")).privateOnly())
                .isFalse();
    }

    @Test
    void aNameThatDoesNotResolveIsNotPrivateOnly() {
        DnsProbe.Verdict verdict = DnsProbe.resolve("gone.example", name -> {
            throw new UnknownHostException(name);
        });

        assertThat(verdict.resolved()).isFalse();
        assertThat(verdict.privateOnly()).as("no answer proves nothing").isFalse();
        assertThat(verdict.toString()).contains("does not resolve");
    }

    @Test
    void theRealResolverAnswersForLoopback() {
        DnsProbe.Verdict verdict = DnsProbe.resolve("127.0.0.1");

        assertThat(verdict.addresses()).containsExactly("127.0.0.1");
        assertThat(verdict.privateOnly()).isTrue();
    }
}
