package io.m300.harness.support.probe;

import io.m300.harness.support.network.Cidrs;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Resolves a name from this machine and says whether every address it resolves to is private
 * ({@link Cidrs#isPrivate}): a database endpoint that resolves to a public address is exposed
 * whatever its security groups say today. A name that does not resolve is not "private only".
 */
public final class DnsProbe {

    /** How names are resolved; {@link InetAddress#getAllByName} on a real machine, a fake in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String name) throws UnknownHostException;
    }

    /** The addresses a name resolved to, and which of them are public. */
    public record Verdict(String name, List<String> addresses, List<String> publicAddresses, String error) {

        public Verdict {
            addresses = List.copyOf(addresses);
            publicAddresses = List.copyOf(publicAddresses);
            error = error == null ? "" : error;
        }

        public boolean resolved() {
            return !addresses.isEmpty();
        }

        /** True when the name resolved and every address is private. */
        public boolean privateOnly() {
            return resolved() && publicAddresses.isEmpty();
        }

        @Override
        public String toString() {
            if (!resolved()) {
                return name + " does not resolve" + (error.isEmpty() ? "" : ": " + error);
            }
            return name + " resolves to " + String.join(", ", addresses)
                    + (publicAddresses.isEmpty()
                            ? " (all private)"
                            : "; public: " + String.join(", ", publicAddresses));
        }
    }

    private DnsProbe() {}

    public static Verdict resolve(String name) {
        return resolve(name, InetAddress::getAllByName);
    }

    public static Verdict resolve(String name, Resolver resolver) {
        InetAddress[] found;
        try {
            found = resolver.resolve(name);
        } catch (UnknownHostException e) {
            return new Verdict(name, List.of(), List.of(), "unknown host");
        }
        List<String> addresses =
                Arrays.stream(found).map(InetAddress::getHostAddress).distinct().toList();
        List<String> publicOnes = Arrays.stream(found)
                .filter(a -> !isPrivate(a))
                .map(InetAddress::getHostAddress)
                .distinct()
                .toList();
        return new Verdict(name, addresses, publicOnes, "");
    }

    static boolean isPrivate(InetAddress address) {
        return Cidrs.isPrivate(address.getHostAddress()); // one address, an IPv6 one possibly with its zone
    }
}
