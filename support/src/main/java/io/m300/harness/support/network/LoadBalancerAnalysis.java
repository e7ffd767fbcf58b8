package io.m300.harness.support.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;

/** What the internet meets at the load balancer (NET-04): HTTPS with a modern TLS policy, and HTTP only as a 301 to HTTPS. */
public final class LoadBalancerAnalysis {

    /** Protocols older than TLS 1.2, as DescribeSSLPolicies names them. */
    private static final Set<String> OLD_PROTOCOLS = Set.of("SSLv2", "SSLv3", "TLSv1", "TLSv1.0", "TLSv1.1");

    private LoadBalancerAnalysis() {}

    /**
     * The protocols older than TLS 1.2 among those a policy enables (as {@code DescribeSSLPolicies}
     * lists them: {@code TLSv1}, {@code TLSv1.1}, {@code SSLv3}, ...). Empty means TLS 1.2 or newer only.
     * Judged from the protocols, never from the policy's name: {@code ELBSecurityPolicy-TLS13-1-0-2021-06}
     * enables TLS 1.0.
     */
    public static List<String> oldProtocols(List<String> protocols) {
        return protocols.stream().filter(p -> OLD_PROTOCOLS.contains(p.trim())).toList();
    }

    /** True when the action is a permanent (301) redirect to HTTPS on 443 (the port may be left as "#{port}" only if the listener is 443). */
    public static boolean isRedirectToHttps(Action action) {
        if (action == null || !"redirect".equalsIgnoreCase(action.typeAsString())) {
            return false;
        }
        RedirectActionConfig r = action.redirectConfig();
        return r != null
                && "HTTPS".equalsIgnoreCase(r.protocol())
                && "443".equals(r.port())
                && "HTTP_301".equals(r.statusCodeAsString());
    }

    /**
     * Every listener that breaks "HTTPS only": an HTTPS listener whose TLS policy enables a protocol
     * older than TLS 1.2 (judged from {@code protocolsByPolicy}, policy name -> the protocols
     * {@code DescribeSSLPolicies} lists; a policy missing from it is a finding, never a pass), an
     * HTTP listener whose default action is anything but a 301 to HTTPS, or any other protocol; and
     * "no HTTPS listener" when there is none. Empty means the listeners keep NET-04.
     */
    public static List<String> listenerProblems(List<Listener> listeners, Map<String, List<String>> protocolsByPolicy) {
        List<String> problems = new ArrayList<>();
        boolean https = false;
        for (Listener l : listeners) {
            String where = l.protocolAsString() + " listener on " + l.port()
                    + (l.loadBalancerArn() == null ? "" : " of " + l.loadBalancerArn());
            switch (l.protocolAsString() == null ? "" : l.protocolAsString()) {
                case "HTTPS" -> {
                    https = true;
                    List<String> protocols = l.sslPolicy() == null ? null : protocolsByPolicy.get(l.sslPolicy());
                    if (l.sslPolicy() == null) {
                        problems.add(where + " names no TLS policy");
                    } else if (protocols == null || protocols.isEmpty()) {
                        problems.add(
                                where + " has TLS policy " + l.sslPolicy()
                                        + ", which DescribeSSLPolicies does not describe: the protocols it enables are unknown");
                    } else if (!oldProtocols(protocols).isEmpty()) {
                        problems.add(where + " has TLS policy " + l.sslPolicy() + ", which enables "
                                + oldProtocols(protocols) + " (older than TLS 1.2; it enables " + protocols + ")");
                    }
                }
                case "HTTP" -> {
                    if (l.defaultActions().size() != 1
                            || !isRedirectToHttps(l.defaultActions().get(0))) {
                        problems.add(where + " does not only redirect to HTTPS with 301: default actions "
                                + describe(l.defaultActions()));
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
     * The rules of a plain-HTTP listener ({@code DescribeRules}) that serve anything but the 301
     * redirect to HTTPS: a rule that forwards some paths to the application, answers with a fixed
     * response, authenticates, or redirects elsewhere serves them over plain HTTP. The default rule
     * ({@code IsDefault}) is the listener's default action, judged by {@link #listenerProblems};
     * it is left out here so a problem is said once. Other listeners' rules are not judged here.
     */
    public static List<String> plainHttpRuleProblems(Listener listener, List<Rule> rules) {
        if (!"HTTP".equals(listener.protocolAsString())) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        String where = "HTTP listener on " + listener.port()
                + (listener.loadBalancerArn() == null ? "" : " of " + listener.loadBalancerArn());
        for (Rule r : rules) {
            if (Boolean.TRUE.equals(r.isDefault())) {
                continue;
            }
            if (r.actions().size() != 1 || !isRedirectToHttps(r.actions().get(0))) {
                problems.add(where + ": rule " + r.priority() + " " + conditions(r) + " serves plain HTTP: actions "
                        + describe(r.actions()));
            }
        }
        return problems;
    }

    /** True when the plain-HTTP listener does nothing but redirect to HTTPS with 301, by its default action and every rule. */
    public static boolean onlyRedirects(Listener listener, List<Rule> rules) {
        return listener.defaultActions().size() == 1
                && isRedirectToHttps(listener.defaultActions().get(0))
                && plainHttpRuleProblems(listener, rules).isEmpty();
    }

    static String conditions(Rule r) {
        List<String> out = new ArrayList<>();
        for (RuleCondition c : r.conditions()) {
            List<String> values = new ArrayList<>(c.values());
            if (c.pathPatternConfig() != null) {
                values.addAll(c.pathPatternConfig().values());
            }
            if (c.hostHeaderConfig() != null) {
                values.addAll(c.hostHeaderConfig().values());
            }
            out.add(c.field() + "=" + values);
        }
        return out.isEmpty() ? "(no condition)" : "(" + String.join(", ", out) + ")";
    }

    /**
     * Ingress rules of the load balancer's security groups (together) that are not "tcp 443, or tcp 80
     * when {@code port80Redirects}, from an allowed CIDR", plus "no 443 rule" when HTTPS is not
     * admitted at all. A source is allowed when the allowed CIDRs together cover it. A prefix list counts as the CIDRs it holds ({@code prefixListEntries}: id ->
     * CIDRs, from GetManagedPrefixListEntries); a prefix list whose entries are unknown, and a
     * security-group source, are findings. {@code allowedCidrs == null} means no list of allowed
     * addresses was given: every CIDR source is then accepted (the ports are still judged).
     */
    public static List<String> ingressProblems(
            List<SecurityGroupRules.Rule> ingress,
            Set<String> allowedCidrs,
            boolean port80Redirects,
            Map<String, List<String>> prefixListEntries) {
        List<String> problems = new ArrayList<>();
        boolean https = false;
        for (SecurityGroupRules.Rule given : ingress) {
            List<SecurityGroupRules.Rule> rules = new ArrayList<>();
            String via = "";
            if (given.isPrefixList()) {
                List<String> entries = prefixListEntries.get(given.source());
                if (entries == null) {
                    problems.add(
                            "rule " + given + ": the entries of prefix list " + given.source() + " could not be read");
                    continue;
                }
                if (entries.isEmpty()) {
                    continue; // an empty prefix list admits nothing
                }
                entries.forEach(c ->
                        rules.add(new SecurityGroupRules.Rule(given.protocol(), given.fromPort(), given.toPort(), c)));
                via = " (through prefix list " + given.source() + ")";
            } else {
                rules.add(given);
            }
            for (SecurityGroupRules.Rule r : rules) {
                boolean tcp = "tcp".equals(r.protocol()) || "6".equals(r.protocol());
                boolean single = r.fromPort() == r.toPort();
                if (!tcp || !single || (r.fromPort() != 443 && r.fromPort() != 80)) {
                    problems.add("rule " + r + via + " admits more than tcp/443 and tcp/80");
                } else if (!r.isCidr()) {
                    problems.add("rule " + r + via + " admits a source that is not an address block");
                } else if (allowedCidrs != null && !Cidrs.covers(allowedCidrs, r.source())) {
                    problems.add("rule " + r + via + " admits a source outside the allowed CIDRs " + allowedCidrs);
                } else if (r.fromPort() == 80 && !port80Redirects) {
                    problems.add("rule " + r + via + " admits HTTP, but port 80 does not only redirect to HTTPS");
                } else if (r.fromPort() == 443) {
                    https = true;
                }
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
            out.add(a.typeAsString()
                    + (r == null
                            ? (a.targetGroupArn() == null ? "" : " -> " + a.targetGroupArn())
                            : " -> " + r.protocol() + ":" + r.port() + " " + r.statusCodeAsString()));
        }
        return out.toString();
    }
}
