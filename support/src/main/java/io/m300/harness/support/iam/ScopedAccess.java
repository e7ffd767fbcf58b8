package io.m300.harness.support.iam;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * On which resources policies grant an action, compared with the resources they should be limited
 * to (IAM-04, SEC-05). A granted resource pattern is in scope when it equals one of the allowed
 * resources or is matched by one of the allowed patterns (e.g. allowed
 * {@code arn:aws:rds:r:1:snapshot:m300-db-*} covers granted {@code arn:aws:rds:r:1:snapshot:m300-db-*}
 * and {@code ...:snapshot:m300-db-daily}); {@code *} or a NotResource grant is never in scope
 * unless {@code *} itself is allowed.
 */
public final class ScopedAccess {

    private ScopedAccess() {}

    /**
     * The resources on which {@code docs} grant {@code action} beyond {@code allowedResources},
     * each described, e.g. {@code "ssm:GetParameters on * (outside [arn:...:parameter/m300/db/password])"}.
     */
    public static List<String> beyond(List<PolicyDocument> docs, String action, Collection<String> allowedResources) {
        List<String> out = new ArrayList<>();
        for (String granted : PolicyAnalysis.resourcesAllowed(docs, action)) {
            boolean open = granted.equals("*") || granted.startsWith("everything except");
            boolean inScope = allowedResources.stream().anyMatch(a -> a.equals("*") || a.equals(granted)
                    || (!open && PolicyAnalysis.glob(a, granted, false)));
            if (!inScope) {
                out.add(action + " on " + granted + " (outside " + allowedResources + ")");
            }
        }
        return out;
    }

    /**
     * SEC-05: who may read the password parameter. The reader's policies must grant
     * {@code ssm:GetParameters} on {@code parameterArn} and on nothing else, no other SSM read on
     * anything else, and {@code kms:Decrypt} on {@code keyArns} only; each of the
     * {@code others}' documents must not allow reading the parameter nor decrypting with its key.
     * Empty means the control holds.
     */
    public static List<String> parameterReadProblems(String readerName, List<PolicyDocument> reader,
            java.util.Map<String, List<PolicyDocument>> others, String parameterArn, Set<String> keyArns) {
        List<String> problems = new ArrayList<>();
        if (!PolicyAnalysis.allows(reader, "ssm:GetParameters", parameterArn)) {
            problems.add(readerName + " may not ssm:GetParameters on " + parameterArn + ": the containers could not get the password");
        }
        for (String action : List.of("ssm:GetParameters", "ssm:GetParameter", "ssm:GetParametersByPath",
                "ssm:GetParameterHistory")) {
            beyond(reader, action, List.of(parameterArn)).forEach(p -> problems.add(readerName + " may " + p));
        }
        beyond(reader, "kms:Decrypt", keyArns).forEach(p -> problems.add(readerName + " may " + p));
        for (String s : PolicyAnalysis.serviceWildcards(reader)) {
            if (s.toLowerCase(java.util.Locale.ROOT).startsWith("ssm:") || s.toLowerCase(java.util.Locale.ROOT).startsWith("kms:")) {
                problems.add(readerName + " has " + s);
            }
        }
        problems.addAll(PolicyAnalysis.wildcardGrants(reader));
        others.forEach((name, docs) -> {
            for (String action : List.of("ssm:GetParameters", "ssm:GetParameter", "ssm:GetParametersByPath")) {
                if (PolicyAnalysis.allows(docs, action, parameterArn)) {
                    problems.add(name + " may " + action + " on " + parameterArn + ", but only " + readerName + " should");
                }
            }
        });
        return problems;
    }
}
