package io.m300.harness.support.network;

import java.util.List;

/**
 * What a CIDR block means for internet exposure.
 *
 * <p>Private (not reachable from the internet) are the RFC 1918 blocks {@code 10.0.0.0/8},
 * {@code 172.16.0.0/12}, {@code 192.168.0.0/16}, the shared address space {@code 100.64.0.0/10},
 * loopback {@code 127.0.0.0/8}, link-local {@code 169.254.0.0/16}, and for IPv6 the unique local
 * {@code fc00::/7}, link-local {@code fe80::/10}, {@code ::1/128} and {@code ::/128}. Every other
 * address is public. A block "covers public addresses" when it is not wholly inside those
 * private blocks: {@code 0.0.0.0/0}, {@code ::/0}, {@code 172.0.0.0/8} and {@code 203.0.113.7/32}
 * do; {@code 10.0.0.0/16} does not.
 */
public final class Cidrs {

    static final List<String> PRIVATE_BLOCKS = List.of(
            "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8",
            "169.254.0.0/16", "fc00::/7", "fe80::/10", "::1/128", "::/128");

    private Cidrs() {}

    /** True when the block contains at least one public address. */
    public static boolean coversPublicAddresses(String cidr) {
        return AddressSet.cidr(cidr).overlaps(AddressSet.publicInternet());
    }

    /** True when every address of the block is private (the opposite of {@link #coversPublicAddresses}). */
    public static boolean isPrivate(String cidr) {
        return !coversPublicAddresses(cidr);
    }

    /** True for {@code 0.0.0.0/0} and {@code ::/0}: the whole address space of a family. */
    public static boolean isWholeInternet(String cidr) {
        if (cidr == null) {
            return false;
        }
        AddressSet set = AddressSet.cidr(cidr);
        return set.containsAll(AddressSet.cidr("0.0.0.0/0")) || set.containsAll(AddressSet.cidr("::/0"));
    }

    /** True when {@code inner} lies wholly inside {@code outer}. */
    public static boolean contains(String outer, String inner) {
        return AddressSet.cidr(outer).containsAll(AddressSet.cidr(inner));
    }
}
