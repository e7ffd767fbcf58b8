package io.m300.harness.support.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrsTest {

    @Test
    void publicAndPrivateBlocks() {
        assertThat(Cidrs.coversPublicAddresses("0.0.0.0/0")).isTrue();
        assertThat(Cidrs.coversPublicAddresses("::/0")).isTrue();
        assertThat(Cidrs.coversPublicAddresses("172.0.0.0/8")).isTrue();
        assertThat(Cidrs.coversPublicAddresses("203.0.113.7/32")).isTrue();
        assertThat(Cidrs.coversPublicAddresses("2001:db8::/32")).isTrue();
        assertThat(Cidrs.isPrivate("10.0.0.0/16")).isTrue();
        assertThat(Cidrs.isPrivate("172.16.0.0/12")).isTrue();
        assertThat(Cidrs.isPrivate("192.168.1.0/24")).isTrue();
        assertThat(Cidrs.isPrivate("fd00::/8")).isTrue();
        assertThat(Cidrs.isPrivate("172.32.0.0/16")).isFalse();
    }

    @Test
    void wholeInternetAndContainment() {
        assertThat(Cidrs.isWholeInternet("0.0.0.0/0")).isTrue();
        assertThat(Cidrs.isWholeInternet("::/0")).isTrue();
        assertThat(Cidrs.isWholeInternet("0.0.0.0/1")).isFalse();
        assertThat(Cidrs.covers(List.of("10.0.0.0/16"), "10.0.3.0/24")).isTrue();
        assertThat(Cidrs.covers(List.of("10.0.0.0/16"), "10.1.0.0/24")).isFalse();
        assertThat(Cidrs.covers(List.of("0.0.0.0/0"), "::/0")).isFalse();
    }

    @Test
    void setArithmetic() {
        AddressSet all = AddressSet.cidr("0.0.0.0/0");
        AddressSet hole = AddressSet.cidr("10.0.0.0/8");
        AddressSet rest = all.minus(hole);
        assertThat(rest.overlaps(hole)).isFalse();
        assertThat(rest.union(hole).containsAll(all)).isTrue();
        assertThat(rest.intersect(AddressSet.cidr("10.1.2.3/32")).isEmpty()).isTrue();
        assertThat(rest.intersect(AddressSet.cidr("11.1.2.3/32")).isEmpty()).isFalse();
        assertThat(AddressSet.cidr("10.0.0.5/24").containsAll(AddressSet.cidr("10.0.0.255/32")))
                .isTrue();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> Cidrs.isPrivate("example.com/8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidrs.isPrivate("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidrs.isPrivate("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ipv6BlocksNestAndStayApartFromIpv4() {
        assertThat(Cidrs.coversPublicAddresses("::/0")).isTrue();
        assertThat(Cidrs.isWholeInternet("::/0")).isTrue();
        assertThat(Cidrs.isWholeInternet("2001:db8::/56")).isFalse();
        assertThat(Cidrs.covers(List.of("2001:db8:0:100::/56"), "2001:db8:0:1ff::/64"))
                .as("a /56 holds its /64s")
                .isTrue();
        assertThat(Cidrs.covers(List.of("2001:db8:0:100::/56"), "2001:db8:0:200::/64"))
                .isFalse();
        assertThat(Cidrs.covers(List.of("2001:db8:0:1ff::/64"), "2001:db8:0:100::/56"))
                .isFalse();
        assertThat(Cidrs.covers(List.of("::/0"), "0.0.0.0/0"))
                .as("::/0 holds no IPv4 address")
                .isFalse();
        assertThat(Cidrs.isPrivate("fe80::/64")).isTrue();
        assertThat(Cidrs.isPrivate("fe00::/8"))
                .as("fe00::/8 reaches beyond fe80::/10")
                .isFalse();
    }

    @Test
    void aSetOfBlocksCoversWhatTheyHoldTogether() {
        List<String> halves = List.of("203.0.112.0/24", "203.0.113.0/24");
        assertThat(Cidrs.covers(halves, "203.0.112.0/23"))
                .as("two adjacent /24s cover their /23")
                .isTrue();
        assertThat(Cidrs.covers(halves.subList(0, 1), "203.0.112.0/23")).isFalse();
        assertThat(Cidrs.covers(List.of("0.0.0.0/0", "::/0"), "::/0")).isTrue();
        assertThat(Cidrs.covers(List.of(), "10.0.0.0/32")).isFalse();

        AddressSet mixed = AddressSet.of(List.of("10.0.0.0/8", "fd00::/8"));
        assertThat(mixed.containsAll(AddressSet.cidr("10.1.0.0/16"))).isTrue();
        assertThat(mixed.containsAll(AddressSet.cidr("fd00:1::/32"))).isTrue();
        assertThat(mixed.containsAll(AddressSet.of(List.of("10.1.0.0/16", "fd00:1::/32"))))
                .isTrue();
        assertThat(mixed.containsAll(AddressSet.of(List.of("10.1.0.0/16", "fe00::/8"))))
                .isFalse();
        AddressSet v6Left = mixed.minus(AddressSet.cidr("0.0.0.0/0"));
        assertThat(v6Left.overlaps(AddressSet.cidr("10.0.0.0/8"))).isFalse();
        assertThat(v6Left.containsAll(AddressSet.cidr("fd00::/8")))
                .as("subtracting IPv4 leaves IPv6 alone")
                .isTrue();
        assertThat(AddressSet.publicInternet().overlaps(AddressSet.cidr("2001:db8::/32")))
                .isTrue();
        assertThat(AddressSet.publicInternet().overlaps(AddressSet.of(List.of("fc00::/7", "10.0.0.0/8"))))
                .isFalse();
    }

    @Test
    void hostBitsAreDroppedAsTheEc2ApiDoes() {
        // EC2 stores a security-group rule given 10.0.0.1/16 as 10.0.0.0/16 (Terraform refuses it at plan)
        assertThat(Cidrs.covers(List.of("10.0.0.1/16"), "10.0.255.0/24")).isTrue();
        assertThat(Cidrs.covers(List.of("10.0.0.0/16"), "10.0.0.1/16")).isTrue();
        assertThat(Cidrs.covers(List.of("2001:db8::1/56"), "2001:db8:0:ff::/64"))
                .isTrue();
        assertThat(Cidrs.isWholeInternet("10.1.2.3/0")).isTrue();
        assertThat(Cidrs.isPrivate("10.255.255.255/1"))
                .as("10.255.255.255/1 is 0.0.0.0/1")
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "example.com/8",
                "10.0.0.0/33",
                "2001:db8::/129",
                " ",
                "10.0.0.0/255.255.0.0",
                "10.0.0.*",
                "10.0.0.0-10.0.0.9",
                "1.2.3/24",
                "10.0.0.0/8/9",
                "10.0.0.0/-1",
                "::g/64"
            })
    void invalidTextIsAOneLineErrorNamingIt(String text) {
        assertThatThrownBy(() -> Cidrs.isPrivate(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a CIDR block: '" + text + "'");
        assertThatThrownBy(() -> Cidrs.covers(List.of("0.0.0.0/0", text), "10.0.0.0/8"))
                .hasMessage("not a CIDR block: '" + text + "'");
    }
}
