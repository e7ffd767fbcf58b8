package io.m300.harness.support.network;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * An immutable set of IP addresses, IPv4 and IPv6 together, kept as sorted disjoint inclusive
 * ranges. IPv4 addresses occupy {@code [0, 2^32)}, IPv6 addresses {@code [2^128, 2^129)}, so the
 * two families never overlap. Used by the reachability analysis to carry "which internet
 * addresses can still get through" from hop to hop.
 */
final class AddressSet {

    private static final BigInteger V6_OFFSET = BigInteger.ONE.shiftLeft(128);

    private static final AddressSet EMPTY = new AddressSet(List.of());

    private static final AddressSet PUBLIC = computePublic();

    /** Ranges, each {lo, hi} inclusive, sorted by lo, disjoint and non-adjacent. */
    private final List<BigInteger[]> ranges;

    private AddressSet(List<BigInteger[]> ranges) {
        this.ranges = ranges;
    }

    static AddressSet empty() {
        return EMPTY;
    }

    /** Every address that is reachable on the public internet (see {@link Cidrs#isPrivate}). */
    static AddressSet publicInternet() {
        return PUBLIC;
    }

    /** The addresses of a CIDR block such as {@code 10.0.0.0/16} or {@code ::/0}. */
    static AddressSet cidr(String cidr) {
        if (cidr == null || cidr.isBlank()) {
            throw new IllegalArgumentException("empty CIDR block");
        }
        String text = cidr.trim();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        boolean v6Text = address.contains(":");
        if (!v6Text && !address.matches("[0-9.]+")) {
            throw new IllegalArgumentException("not a CIDR block: " + cidr);
        }
        InetAddress inet;
        try {
            inet = InetAddress.getByName(address); // a literal: no name lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not a CIDR block: " + cidr, e);
        }
        byte[] bytes = inet.getAddress();
        int bits = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? (v6Text ? 128 : 32) : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR block: " + cidr, e);
        }
        if (v6Text && bits == 32) { // ::ffff:a.b.c.d, which Java hands back as IPv4
            prefix = Math.max(0, prefix - 96);
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("bad prefix length in CIDR block: " + cidr);
        }
        BigInteger value = new BigInteger(1, bytes);
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
        BigInteger lo = value.andNot(hostMask);
        BigInteger hi = lo.or(hostMask);
        if (bits == 128) {
            lo = lo.add(V6_OFFSET);
            hi = hi.add(V6_OFFSET);
        }
        return new AddressSet(java.util.Collections.singletonList(new BigInteger[] {lo, hi}));
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
        List<BigInteger[]> all = new ArrayList<>(ranges);
        all.addAll(other.ranges);
        return normalize(all);
    }

    AddressSet intersect(AddressSet other) {
        List<BigInteger[]> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < ranges.size() && j < other.ranges.size()) {
            BigInteger[] a = ranges.get(i);
            BigInteger[] b = other.ranges.get(j);
            BigInteger lo = a[0].max(b[0]);
            BigInteger hi = a[1].min(b[1]);
            if (lo.compareTo(hi) <= 0) {
                out.add(new BigInteger[] {lo, hi});
            }
            if (a[1].compareTo(b[1]) < 0) {
                i++;
            } else {
                j++;
            }
        }
        return out.isEmpty() ? EMPTY : new AddressSet(out);
    }

    AddressSet minus(AddressSet other) {
        List<BigInteger[]> out = new ArrayList<>();
        for (BigInteger[] r : ranges) {
            BigInteger lo = r[0];
            BigInteger hi = r[1];
            for (BigInteger[] cut : other.ranges) {
                if (cut[1].compareTo(lo) < 0 || cut[0].compareTo(hi) > 0) {
                    continue;
                }
                if (cut[0].compareTo(lo) > 0) {
                    out.add(new BigInteger[] {lo, cut[0].subtract(BigInteger.ONE)});
                }
                lo = cut[1].add(BigInteger.ONE);
                if (lo.compareTo(hi) > 0) {
                    break;
                }
            }
            if (lo.compareTo(hi) <= 0) {
                out.add(new BigInteger[] {lo, hi});
            }
        }
        return out.isEmpty() ? EMPTY : new AddressSet(out);
    }

    private static AddressSet normalize(List<BigInteger[]> input) {
        if (input.isEmpty()) {
            return EMPTY;
        }
        List<BigInteger[]> sorted = new ArrayList<>(input);
        sorted.sort((a, b) -> a[0].compareTo(b[0]));
        List<BigInteger[]> out = new ArrayList<>();
        BigInteger[] current = sorted.get(0).clone();
        for (int k = 1; k < sorted.size(); k++) {
            BigInteger[] next = sorted.get(k);
            if (next[0].compareTo(current[1].add(BigInteger.ONE)) <= 0) {
                current[1] = current[1].max(next[1]);
            } else {
                out.add(current);
                current = next.clone();
            }
        }
        out.add(current);
        return new AddressSet(out);
    }

    private static AddressSet computePublic() {
        AddressSet all = cidr("0.0.0.0/0").union(cidr("::/0"));
        AddressSet priv = EMPTY;
        for (String block : Cidrs.PRIVATE_BLOCKS) {
            priv = priv.union(cidr(block));
        }
        return all.minus(priv);
    }

    @Override
    public String toString() {
        return ranges.size() + " address range(s)";
    }
}
