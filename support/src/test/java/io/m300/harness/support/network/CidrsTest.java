package io.m300.harness.support.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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
        assertThat(Cidrs.contains("10.0.0.0/16", "10.0.3.0/24")).isTrue();
        assertThat(Cidrs.contains("10.0.0.0/16", "10.1.0.0/24")).isFalse();
        assertThat(Cidrs.contains("0.0.0.0/0", "::/0")).isFalse();
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
        assertThat(AddressSet.cidr("10.0.0.5/24").containsAll(AddressSet.cidr("10.0.0.255/32"))).isTrue();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> Cidrs.isPrivate("example.com/8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidrs.isPrivate("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidrs.isPrivate("")).isInstanceOf(IllegalArgumentException.class);
    }
}
