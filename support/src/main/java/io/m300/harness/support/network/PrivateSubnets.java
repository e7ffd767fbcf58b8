package io.m300.harness.support.network;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which subnets of the deployed stack are private (NET-06), decided from what the stack deploys,
 * not from an output list.
 *
 * <p>The rule: a subnet is <b>public</b> when it holds something that must face the internet: an
 * internet-facing load balancer, a NAT gateway, or {@code map_public_ip_on_launch = true}. Every
 * other subnet of the stack is <b>private</b>: the subnets the database and the application's
 * tasks use, every subnet the Terraform state lists in the stack's VPC(s), and those an output
 * {@code private_subnet_ids} names (when present). So a subnet that carries nothing that needs the
 * internet must not route to the internet gateway. A database or tasks placed in a public subnet are
 * NET-01's and NET-03's findings, not NET-06's.
 */
public final class PrivateSubnets {

    /** The decision: the private subnets with why each is one, and the public ones with why. */
    public record Decision(Map<String, String> privateSubnets, Map<String, String> publicSubnets) {}

    private PrivateSubnets() {}

    /**
     * @param candidates   subnet id -> where it comes from ("database", "tasks", "state", "output private_subnet_ids")
     * @param publicBecause subnet id -> why it must face the internet ("internet-facing load balancer x",
     *                      "NAT gateway nat-1", "map_public_ip_on_launch")
     */
    public static Decision decide(
            Map<String, ? extends Collection<String>> candidates,
            Map<String, ? extends Collection<String>> publicBecause) {
        Map<String, String> priv = new LinkedHashMap<>();
        Map<String, String> pub = new LinkedHashMap<>();
        for (var e : candidates.entrySet()) {
            Collection<String> why = publicBecause.get(e.getKey());
            if (why != null && !why.isEmpty()) {
                pub.put(e.getKey(), String.join(", ", why));
            } else {
                priv.put(e.getKey(), String.join(", ", new LinkedHashSet<>(e.getValue())));
            }
        }
        for (var e : publicBecause.entrySet()) {
            if (!e.getValue().isEmpty()) {
                pub.putIfAbsent(e.getKey(), String.join(", ", e.getValue()));
            }
        }
        return new Decision(priv, pub);
    }

    /** Adds {@code reason} to each subnet's list of reasons. */
    public static void add(Map<String, List<String>> into, Collection<String> subnets, String reason) {
        for (String s : subnets) {
            if (s != null && !s.isEmpty()) {
                into.computeIfAbsent(s, k -> new ArrayList<>()).add(reason);
            }
        }
    }

    /** Every subnet id in {@code ids} that is not one of {@code known}: e.g. a subnet in the state that EC2 no longer has. */
    public static Set<String> missing(Collection<String> ids, Collection<String> known) {
        Set<String> out = new LinkedHashSet<>(ids);
        out.removeAll(known);
        return out;
    }
}
