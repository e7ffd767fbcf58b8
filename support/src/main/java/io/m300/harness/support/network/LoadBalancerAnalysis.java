package io.m300.harness.support.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionConfig;

/** What the internet meets at the load balancer (NET-04): HTTPS with a modern TLS policy, and HTTP only as a 301 to HTTPS. */
public final class LoadBalancerAnalysis {

    /** ELB security policies that allow TLS 1.2 and newer only. */
    private static final List<Pattern> MODERN_TLS = List.of(
            Pattern.compile("^ELBSecurityPolicy-TLS13-.+"),
            Pattern.compile("^ELBSecurityPolicy-TLS-1-2-.+"),
            Pattern.compile("^ELBSecurityPolicy-FS-1-2-.+"));

    private LoadBalancerAnalysis() {}

    /** True for a policy that refuses TLS 1.0 and 1.1 (e.g. {@code ELBSecurityPolicy-TLS13-1-2-2021-06}). */
    public static boolean isTls12OrNewer(String sslPolicy) {
        return sslPolicy != null && MODERN_TLS.stream().anyMatch(p -> p.matcher(sslPolicy).matches());
    }

    /** True when the action is a permanent (301) redirect to HTTPS on 443 (the port may be left as "#{port}" only if the listener is 443). */
    public static boolean isRedirectToHttps(Action action) {
        if (action == null || !"redirect".equalsIgnoreCase(action.typeAsString())) {
            return false;
        }
        RedirectActionConfig r = action.redirectConfig();
        return r != null && "HTTPS".equalsIgnoreCase(r.protocol()) && "443".equals(r.port())
                && "HTTP_301".equals(r.statusCodeAsString());
    }

    /**
     * Every listener of the load balancer that breaks "HTTPS only": an HTTPS listener with an old TLS
     * policy, an HTTP listener whose default action is anything but a 301 to HTTPS, or any other
     * protocol. Empty means the listeners keep NET-04.
     */
    public static List<String> listenerProblems(List<Listener> listeners) {
        List<String> problems = new ArrayList<>();
        boolean https = false;
        for (Listener l : listeners) {
            String where = l.protocolAsString() + " listener on " + l.port();
            switch (l.protocolAsString() == null ? "" : l.protocolAsString()) {
                case "HTTPS" -> {
                    https = true;
                    if (!isTls12OrNewer(l.sslPolicy())) {
                        problems.add(where + " has TLS policy " + l.sslPolicy() + ", which allows TLS older than 1.2");
                    }
                }
                case "HTTP" -> {
                    if (l.defaultActions().size() != 1 || !isRedirectToHttps(l.defaultActions().get(0))) {
                        problems.add(where + " does not only redirect to HTTPS with 301: default actions " + describe(l.defaultActions()));
                    }
                }
                default -> problems.add(where + " uses a protocol other than HTTPS or a redirecting HTTP");
            }
        }
        if (!https) {
            problems.add("no HTTPS listener");
        }
        return problems;
    }

    /**
     * Ingress rules of the load balancer's security group that are not "tcp 443 or tcp 80 from an
     * allowed CIDR", plus "no 443 rule" when HTTPS is not admitted at all. 80 is accepted only when
     * {@code port80Redirects}.
     */
    public static List<String> ingressProblems(List<SecurityGroupRules.Rule> ingress, Set<String> allowedCidrs, boolean port80Redirects) {
        List<String> problems = new ArrayList<>();
        boolean https = false;
        for (SecurityGroupRules.Rule r : ingress) {
            boolean tcp = "tcp".equals(r.protocol()) || "6".equals(r.protocol());
            boolean single = r.fromPort() == r.toPort();
            if (!tcp || !single || (r.fromPort() != 443 && r.fromPort() != 80)) {
                problems.add("rule " + r + " admits more than tcp/443 and tcp/80");
            } else if (!allowedCidrs.contains(r.source())) {
                problems.add("rule " + r + " admits a source outside the allowed CIDRs " + allowedCidrs);
            } else if (r.fromPort() == 80 && !port80Redirects) {
                problems.add("rule " + r + " admits HTTP, but port 80 does not only redirect to HTTPS");
            } else if (r.fromPort() == 443) {
                https = true;
            }
        }
        if (!https) {
            problems.add("no rule admits HTTPS (tcp/443) from the allowed CIDRs");
        }
        return problems;
    }

    static String describe(List<Action> actions) {
        List<String> out = new ArrayList<>();
        for (Action a : actions) {
            RedirectActionConfig r = a.redirectConfig();
            out.add(a.typeAsString() + (r == null ? (a.targetGroupArn() == null ? "" : " -> " + a.targetGroupArn())
                    : " -> " + r.protocol() + ":" + r.port() + " " + r.statusCodeAsString()));
        }
        return out.toString();
    }
}
