package io.m300.harness.support.aws;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.SslPolicy;

/**
 * ELBv2 reads the checks need. Unknown ARNs and names (ELBv2's documented not-found codes) yield
 * nothing; any other error is {@link CouldNotVerify} (see {@link AwsCalls}), never "nothing there".
 */
public final class ElbReader {

    private final ElasticLoadBalancingV2Client elb;

    /** Reads through the ELBv2 client of these clients. */
    public ElbReader(AwsClients aws) {
        this(aws.elbv2());
    }

    public ElbReader(ElasticLoadBalancingV2Client elb) {
        this.elb = elb;
    }

    /** The load balancers with these ARNs that exist (asked one by one: one unknown ARN fails a whole request). */
    public List<LoadBalancer> loadBalancers(Collection<String> arns) {
        List<LoadBalancer> out = new ArrayList<>();
        for (String arn : new LinkedHashSet<>(arns)) {
            // LoadBalancerNotFound: the caller compares what it asked for with what it got; any other error: could not
            // verify
            AwsCalls.readIfExists(
                            "elasticloadbalancing.DescribeLoadBalancers",
                            () -> elb.describeLoadBalancers(r -> r.loadBalancerArns(arn))
                                    .loadBalancers(),
                            AwsCalls.code("LoadBalancerNotFound"))
                    .ifPresent(out::addAll);
        }
        return out;
    }

    public List<Listener> listeners(String loadBalancerArn) {
        List<Listener> out = new ArrayList<>();
        return AwsCalls.read("elasticloadbalancing.DescribeListeners", () -> {
            elb.describeListenersPaginator(r -> r.loadBalancerArn(loadBalancerArn))
                    .listeners()
                    .forEach(out::add);
            return out;
        });
    }

    /**
     * Every rule of the listener ({@code DescribeRules}, all pages), the default rule among them
     * ({@code IsDefault=true}). Any error is {@link CouldNotVerify}: a listener whose rules cannot be
     * read is never judged as having none.
     */
    public List<Rule> rules(String listenerArn) {
        return AwsCalls.read("elasticloadbalancing.DescribeRules", () -> {
            List<Rule> out = new ArrayList<>();
            String marker = null;
            do {
                String m = marker;
                var page = elb.describeRules(r -> r.listenerArn(listenerArn).marker(m));
                out.addAll(page.rules());
                marker = page.nextMarker();
            } while (marker != null && !marker.isEmpty());
            return out;
        });
    }

    /** The load balancers that send traffic to these target groups. */
    public Set<String> loadBalancersOfTargetGroups(Collection<String> targetGroupArns) {
        Set<String> out = new LinkedHashSet<>();
        for (String tg : new LinkedHashSet<>(targetGroupArns)) {
            AwsCalls.readIfExists(
                            "elasticloadbalancing.DescribeTargetGroups",
                            () -> elb.describeTargetGroups(r -> r.targetGroupArns(tg))
                                    .targetGroups(),
                            AwsCalls.code("TargetGroupNotFound"))
                    .ifPresent(groups -> groups.forEach(t -> out.addAll(t.loadBalancerArns())));
        }
        return out;
    }

    /**
     * Policy name -> the protocols it enables ({@code DescribeSSLPolicies}). A policy the target
     * does not know (SSLPolicyNotFound, or not listed) is absent from the map; any other error is
     * {@link CouldNotVerify}.
     */
    public Map<String, List<String>> sslPolicyProtocols(Collection<String> names) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : new LinkedHashSet<>(names)) {
            // SSLPolicyNotFound (or an empty list): the caller reports the policy as unknown; any other error: could
            // not verify
            for (SslPolicy p : AwsCalls.readIfExists(
                            "elasticloadbalancing.DescribeSSLPolicies",
                            () -> elb.describeSSLPolicies(r -> r.names(name)).sslPolicies(),
                            AwsCalls.code("SSLPolicyNotFound"))
                    .orElse(List.of())) {
                if (name.equals(p.name())) {
                    out.put(name, List.copyOf(p.sslProtocols()));
                }
            }
        }
        return out;
    }
}
