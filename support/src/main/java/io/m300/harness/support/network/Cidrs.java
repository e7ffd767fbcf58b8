package io.m300.harness.support.network;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.util.Collection;
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
 *
 * <p>The text is read by the ipaddress library ({@link #block}).
 */
public final class Cidrs {

    static final List<String> PRIVATE_BLOCKS = List.of(
            "10.0.0.0/8",
            "172.16.0.0/12",
            "192.168.0.0/16",
            "100.64.0.0/10",
            "127.0.0.0/8",
            "169.254.0.0/16",
            "fc00::/7",
            "fe80::/10",
            "::1/128",
            "::/128");

    /** A block or one address as AWS writes them: no masks, wildcards, ranges, inet_aton forms or empty text. */
    private static final IPAddressStringParameters CIDR_TEXT = new IPAddressStringParameters.Builder()
            .allowEmpty(false)
            .allowAll(false)
            .allowSingleSegment(false)
            .allowMask(false)
            .allowPrefixOnly(false)
            .allow_inet_aton(false)
            .allowWildcardedSeparator(false)
            .setRangeOptions(RangeParameters.NO_RANGE)
            .toParams();

    private Cidrs() {}

    /**
     * The addresses of a CIDR block such as {@code 10.0.0.0/16} or {@code 2001:db8::/56}; a bare
     * address is its {@code /32} or {@code /128}. Host bits are dropped, as the EC2 API does for a
     * security-group rule ({@code 10.0.0.1/16} means {@code 10.0.0.0/16}). An IPv4-mapped block
     * ({@code ::ffff:0:0/96}) is an IPv6 block, as in AWS rules. Anything else is an
     * {@link IllegalArgumentException} naming the text.
     */
    static IPAddress block(String cidr) {
        try {
            return new IPAddressString(cidr == null ? "" : cidr.trim(), CIDR_TEXT)
                    .toAddress()
                    .toPrefixBlock();
        } catch (AddressStringException e) {
            throw new IllegalArgumentException("not a CIDR block: '" + cidr + "'", e);
        }
    }

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
        return cidr != null && Integer.valueOf(0).equals(block(cidr).getNetworkPrefixLength());
    }

    /** True when every address of {@code inner} lies in one or more of the {@code blocks}. */
    public static boolean covers(Collection<String> blocks, String inner) {
        return AddressSet.of(blocks).containsAll(AddressSet.cidr(inner));
    }
}
