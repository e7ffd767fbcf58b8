package io.m300.harness.support.network;

import inet.ipaddr.IPAddressSeqRange;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * An immutable set of IP addresses, IPv4 and IPv6 together: a thin wrapper over the ipaddress
 * library's ranges ({@link IPAddressSeqRange}, one family each; the library joins, intersects and
 * subtracts them and never mixes the families). Used by the reachability analysis to carry "which
 * internet addresses can still get through" from hop to hop.
 */
final class AddressSet {

    private static final AddressSet EMPTY = new AddressSet(List.of());

    private static final AddressSet PUBLIC = of(List.of("0.0.0.0/0", "::/0")).minus(of(Cidrs.PRIVATE_BLOCKS));

    /** Disjoint ranges. */
    private final List<IPAddressSeqRange> ranges;

    private AddressSet(List<IPAddressSeqRange> ranges) {
        this.ranges = ranges;
    }

    static AddressSet empty() {
        return EMPTY;
    }

    /** Every address that is reachable on the public internet (see {@link Cidrs#isPrivate}). */
    static AddressSet publicInternet() {
        return PUBLIC;
    }

    /** The addresses of a CIDR block such as {@code 10.0.0.0/16} or {@code ::/0} (read as {@link Cidrs#block} does). */
    static AddressSet cidr(String cidr) {
        return of(List.of(cidr));
    }

    /** The addresses of all these CIDR blocks together. */
    static AddressSet of(Collection<String> cidrs) {
        return joined(cidrs.stream().map(c -> Cidrs.block(c).toSequentialRange()));
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    boolean overlaps(AddressSet other) {
        return !intersect(other).isEmpty();
    }

    boolean containsAll(AddressSet other) {
        return other.minus(this).isEmpty();
    }

    AddressSet union(AddressSet other) {
        return joined(Stream.concat(ranges.stream(), other.ranges.stream()));
    }

    AddressSet intersect(AddressSet other) {
        return joined(ranges.stream()
                .flatMap(r -> other.ranges.stream().map(r::intersect))
                .filter(Objects::nonNull));
    }

    AddressSet minus(AddressSet other) {
        List<IPAddressSeqRange> rest = ranges;
        for (IPAddressSeqRange cut : other.ranges) {
            rest = rest.stream().flatMap(r -> Arrays.stream(r.subtract(cut))).toList();
        }
        return rest.isEmpty() ? EMPTY : new AddressSet(rest);
    }

    private static AddressSet joined(Stream<IPAddressSeqRange> ranges) {
        IPAddressSeqRange[] all = ranges.toArray(IPAddressSeqRange[]::new);
        return all.length == 0 ? EMPTY : new AddressSet(List.of(IPAddressSeqRange.join(all)));
    }

    @Override
    public String toString() {
        return ranges.toString();
    }
}
