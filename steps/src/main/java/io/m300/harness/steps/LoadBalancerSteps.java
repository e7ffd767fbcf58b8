package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.m300.harness.support.network.LoadBalancerAnalysis;
import io.m300.harness.support.network.SecurityGroupRules;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;

/**
 * NET-04, what the internet meets at the load balancers: every load balancer of the stack, the
 * rules of its security groups, every listener and every listener rule (read from ELBv2 and EC2),
 * and, on a real network, the answer to a plain-HTTP request.
 */
public final class LoadBalancerSteps {

    private final StackContext ctx;
    private final StackNetwork network;
    private HttpResponse<Void> httpAnswer;
    private URI httpRequested;

    public LoadBalancerSteps(StackContext ctx, StackDatabases dbs) {
        this.ctx = ctx;
        this.network = new StackNetwork(ctx, dbs);
    }

    private StackNetwork net() {
        return network;
    }

    /** The stack's load balancers; none is a finding, not a pass. */
    private List<LoadBalancer> loadBalancers() {
        List<LoadBalancer> lbs = net().stackLoadBalancers();
        assertThat(lbs)
                .as("load balancers of the stack (state, outputs, in front of the service)")
                .isNotEmpty();
        return lbs;
    }

    @Then(
            "every listener and every listener rule of every load balancer serves HTTPS with TLS 1.2 or newer, or redirects HTTP to HTTPS with 301")
    public void everyListenerServesHttpsOrRedirects() {
        List<LoadBalancer> lbs = loadBalancers();
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (LoadBalancer lb : lbs) {
            List<Listener> listeners = net().elb().listeners(lb.loadBalancerArn());
            Set<String> policies = new LinkedHashSet<>();
            listeners.forEach(l -> {
                if (l.sslPolicy() != null) policies.add(l.sslPolicy());
            });
            Map<String, List<String>> protocols = net().elb().sslPolicyProtocols(policies);
            for (Listener l : listeners) {
                lines.add(lb.loadBalancerName() + " " + l.protocolAsString() + ":" + l.port()
                        + (l.sslPolicy() == null || !"HTTPS".equals(l.protocolAsString())
                                ? ""
                                : " policy=" + l.sslPolicy() + " enables "
                                        + protocols.getOrDefault(l.sslPolicy(), List.of("(not described)")))
                        + " actions="
                        + l.defaultActions().stream()
                                .map(a -> a.typeAsString()
                                        + (a.redirectConfig() == null
                                                ? ""
                                                : "(" + a.redirectConfig().protocol() + ":"
                                                        + a.redirectConfig().port() + " "
                                                        + a.redirectConfig().statusCodeAsString() + ")"))
                                .toList());
            }
            LoadBalancerAnalysis.listenerProblems(listeners, protocols)
                    .forEach(p -> problems.add(lb.loadBalancerName() + ": " + p));
            for (Listener l : listeners) {
                List<Rule> rules = net().elb().rules(l.listenerArn());
                rules.stream()
                        .filter(r -> !Boolean.TRUE.equals(r.isDefault()))
                        .forEach(r -> lines.add(
                                "  rule " + r.priority() + " of " + l.protocolAsString() + ":" + l.port() + ": actions "
                                        + r.actions().stream()
                                                .map(a -> a.typeAsString())
                                                .toList()));
                List<String> ruleProblems = LoadBalancerAnalysis.plainHttpRuleProblems(l, rules);
                ruleProblems.forEach(p -> problems.add(lb.loadBalancerName() + ": " + p));
                if (!ruleProblems.isEmpty()) { // the rules themselves are at fault, not the listener they sit on
                    ctx.evidence()
                            .atFault(rules.stream()
                                    .filter(r -> !Boolean.TRUE.equals(r.isDefault()))
                                    .filter(r -> !LoadBalancerAnalysis.plainHttpRuleProblems(l, List.of(r))
                                            .isEmpty())
                                    .map(Rule::ruleArn)
                                    .toArray(String[]::new));
                }
            }
        }
        ctx.evidence()
                .record(
                        "listeners and their rules (TLS protocols from DescribeSSLPolicies, rules from DescribeRules)",
                        lines);
        assertThat(problems).as("listeners that break HTTPS-only").isEmpty();
    }

    @Then("the load balancer's security groups admit only HTTPS, and HTTP for the redirect, from the allowed addresses")
    public void theLoadBalancerAdmitsOnlyHttps() {
        Set<String> allowed = ctx.outputs().has("allowed_ingress_cidrs")
                ? new LinkedHashSet<>(ctx.outputs().list("allowed_ingress_cidrs"))
                : null;
        List<LoadBalancer> lbs = loadBalancers();
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        lines.add(
                allowed == null
                        ? "no output allowed_ingress_cidrs: every address block counts as allowed; ports and sources are still judged"
                        : "allowed CIDRs (output allowed_ingress_cidrs): " + allowed);
        for (LoadBalancer lb : lbs) {
            List<Listener> on80 = net().elb().listeners(lb.loadBalancerArn()).stream()
                    .filter(l -> l.port() == 80)
                    .toList();
            boolean port80Redirects = !on80.isEmpty()
                    && on80.stream()
                            .allMatch(l -> LoadBalancerAnalysis.onlyRedirects(
                                    l, net().elb().rules(l.listenerArn())));
            Set<String> ids = new LinkedHashSet<>(lb.securityGroups());
            List<SecurityGroup> groups = net().groups(ids);
            if (ids.isEmpty()) {
                problems.add(lb.loadBalancerName() + " has no security group");
            }
            ids.stream()
                    .filter(id -> groups.stream().noneMatch(g -> id.equals(g.groupId())))
                    .forEach(id ->
                            problems.add(lb.loadBalancerName() + ": security group " + id + " does not exist in EC2"));
            List<SecurityGroupRules.Rule> rules = new ArrayList<>();
            Map<String, List<String>> prefixLists = new LinkedHashMap<>();
            for (SecurityGroup g : groups) {
                lines.add(lb.loadBalancerName() + ": " + SecurityGroupRules.label(g) + " ingress: "
                        + SecurityGroupRules.describeIngress(g));
                for (SecurityGroupRules.Rule r : SecurityGroupRules.ingress(g)) {
                    rules.add(r);
                    if (r.isPrefixList() && !prefixLists.containsKey(r.source())) {
                        net().ec2().prefixListEntries(r.source()).ifPresent(e -> prefixLists.put(r.source(), e));
                    }
                }
            }
            prefixLists.forEach((id, cidrs) -> lines.add("prefix list " + id + " holds " + cidrs));
            lines.add(lb.loadBalancerName() + ": port 80 only redirects to HTTPS: " + port80Redirects);
            LoadBalancerAnalysis.ingressProblems(rules, allowed, port80Redirects, prefixLists)
                    .forEach(p -> problems.add(lb.loadBalancerName() + ": " + p));
        }
        ctx.evidence().record("load balancer security groups (from ELBv2)", lines);
        assertThat(problems)
                .as("ingress of the load balancers' security groups")
                .isEmpty();
    }

    @When("a client asks the load balancer for a page over plain HTTP")
    public void aClientAsksOverPlainHttp() throws Exception {
        String dns = ctx.outputs().has("alb_dns_name")
                ? ctx.outputs().string("alb_dns_name")
                : net().stackLoadBalancers().stream()
                        .filter(l -> !"internal".equals(l.schemeAsString()))
                        .map(LoadBalancer::dnsName)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(
                                "expected an internet-facing load balancer in the stack, found none"));
        httpRequested = URI.create("http://" + dns + "/wp-login.php");
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        httpAnswer = client.send(
                HttpRequest.newBuilder(httpRequested)
                        .timeout(Duration.ofSeconds(15))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    @Then("the answer is a permanent redirect to the same address over HTTPS")
    public void theAnswerIsAPermanentRedirectToHttps() {
        String location = httpAnswer.headers().firstValue("location").orElse("");
        ctx.evidence()
                .record(
                        "HTTP answer",
                        "GET " + httpRequested + " -> " + httpAnswer.statusCode() + ", Location: " + location);
        assertThat(httpAnswer.statusCode())
                .as("status of GET %s", httpRequested)
                .isEqualTo(301);
        assertThat(location)
                .as("Location of the answer to GET %s", httpRequested)
                .startsWith("https://" + httpRequested.getHost());
    }
}
