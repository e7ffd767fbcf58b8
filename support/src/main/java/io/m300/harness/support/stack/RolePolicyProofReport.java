package io.m300.harness.support.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.m300.harness.support.HarnessException;
import io.m300.harness.support.iam.ApiCall;
import io.m300.harness.support.iam.RolePolicyCheck;
import io.m300.harness.support.iam.RolePolicyCheck.Outcome;
import io.m300.harness.support.iam.RolePolicyCheck.Verdict;
import io.m300.harness.support.iam.authz.EscalationAttempts;
import io.m300.harness.support.report.Progress;
import io.m300.harness.support.stack.RolePolicyEnforcement.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a role policy proof found, as the run's log lines, {@code requests.jsonl} (method, service, action,
 * path, resources, verdict: never a body) and {@code role-policy-proof.json} (read by
 * .ci/nightly-role-proof.sh).
 */
final class RolePolicyProofReport {

    private RolePolicyProofReport() {}

    static void print(Report r, String policyName, Progress progress) {
        progress.info("role policy proof: " + r.requests() + " requests, "
                + r.distinctActions().size() + " distinct API calls:");
        r.distinctActions().forEach((a, n) -> progress.info("  " + a + " x" + n));
        progress.info("role policy proof: moto refused " + r.refused() + " request(s) with 403 (AccessDenied)"
                + (r.refused() == 0 ? "" : ": " + String.join(", ", r.refusedRequests())));
        List<Verdict> denied = r.with(Outcome.DENIED);
        List<Verdict> unmapped = r.with(Outcome.UNMAPPED);
        List<Verdict> conditional = r.with(Outcome.ALLOWED_IF_CONDITION);
        List<Verdict> tolerated = r.with(Outcome.TOLERATED);
        progress.info(
                "role policy proof: " + r.with(Outcome.ALLOWED).size() + " call(s) allowed by " + policyName + ", "
                        + conditional.size() + " allowed only if a condition the request does not show holds, "
                        + denied.size() + " NOT allowed, " + tolerated.size()
                        + " not allowed but tolerated (the caller expects the refusal), "
                        + unmapped.size() + " not mapped to an IAM action");
        RolePolicyCheck.distinct(tolerated).forEach((d, n) -> progress.info("  TOLERATED: " + d + " x" + n));
        RolePolicyCheck.distinct(denied).forEach((d, n) -> progress.info("  NOT ALLOWED: " + d + " x" + n));
        RolePolicyCheck.distinct(unmapped).forEach((d, n) -> progress.info("  UNMAPPED: " + d + " x" + n));
        RolePolicyCheck.distinct(conditional).forEach((d, n) -> progress.info("  CONDITIONAL: " + d + " x" + n));
        long escalationsDenied = r.escalations().stream()
                .filter(EscalationAttempts.Result::denied)
                .count();
        progress.info("role policy proof: " + r.distinctCallsJudged()
                + " distinct call(s) judged with AWS's authorization model, " + denied.size() + " denied; "
                + r.escalations().size() + " escalation and adoption attempt(s), " + escalationsDenied + " denied");
        r.escalations().forEach(e -> progress.info("  ESCALATION " + e.describe()));
    }

    static void writeRequests(Path file, List<Verdict> verdicts) {
        ObjectMapper json = new ObjectMapper();
        StringBuilder b = new StringBuilder();
        for (Verdict v : verdicts) {
            ApiCall c = v.call();
            ObjectNode n = json.createObjectNode();
            n.put("request", c.request());
            n.put("service", c.service());
            n.put("operation", c.operation());
            n.put("action", c.action());
            ArrayNode res = n.putArray("resources");
            c.resources().forEach(res::add);
            ObjectNode ctx = n.putObject("context");
            c.context().forEach((k, vals) -> ctx.put(k, String.join(",", vals)));
            if (!c.impliedBy().isEmpty()) {
                n.put("impliedBy", c.impliedBy());
            }
            n.put("verdict", v.outcome().name());
            if (!v.reason().isEmpty()) {
                n.put("reason", v.reason());
            }
            b.append(n).append('\n');
        }
        try {
            Files.writeString(file, b.toString());
        } catch (IOException e) {
            throw new HarnessException("could not write " + file + ": " + e.getMessage());
        }
    }

    static void writeSummary(Path file, String policyName, Report r) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode n = json.createObjectNode();
        n.put("policy", policyName);
        n.put("requests", r.requests());
        n.put("refused", r.refused());
        r.refusedRequests().forEach(n.putArray("refusedRequests")::add);
        ObjectNode d = n.putObject("distinctActions");
        r.distinctActions().forEach(d::put);
        for (Outcome o : Outcome.values()) {
            ArrayNode arr = n.putArray(o.name());
            RolePolicyCheck.distinct(r.with(o)).forEach((desc, count) -> arr.add(desc + " x" + count));
        }
        n.put("conditional", r.with(Outcome.ALLOWED_IF_CONDITION).size());
        n.put("distinctCallsJudged", r.distinctCallsJudged());
        n.put("denials", r.with(Outcome.DENIED).size());
        n.put("escalationAttempts", r.escalations().size());
        n.put(
                "escalationDenials",
                r.escalations().stream()
                        .filter(EscalationAttempts.Result::denied)
                        .count());
        ArrayNode esc = n.putArray("escalations");
        r.escalations().forEach(e -> esc.add(e.describe()));
        n.put("proven", r.proven());
        try {
            Files.writeString(file, n.toPrettyString());
        } catch (IOException e) {
            throw new HarnessException("could not write " + file + ": " + e.getMessage());
        }
    }
}
