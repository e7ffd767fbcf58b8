package io.m300.harness.support.iam;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
            boolean inScope = allowedResources.stream()
                    .anyMatch(a ->
                            a.equals("*") || a.equals(granted) || (!open && PolicyAnalysis.glob(a, granted, false)));
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
    public static List<String> parameterReadProblems(
            String readerName,
            List<PolicyDocument> reader,
            Map<String, List<PolicyDocument>> others,
            String parameterArn,
            Set<String> keyArns) {
        List<String> problems = new ArrayList<>();
        if (!PolicyAnalysis.allows(reader, "ssm:GetParameters", parameterArn)) {
            problems.add(readerName + " may not ssm:GetParameters on " + parameterArn
                    + ": the containers could not get the password");
        }
        for (String action : PARAMETER_READ_ACTIONS) {
            beyond(reader, action, List.of(parameterArn)).forEach(p -> problems.add(readerName + " may " + p));
        }
        beyond(reader, "kms:Decrypt", keyArns).forEach(p -> problems.add(readerName + " may " + p));
        for (String s : PolicyAnalysis.serviceWildcards(reader)) {
            if (s.toLowerCase(Locale.ROOT).startsWith("ssm:")
                    || s.toLowerCase(Locale.ROOT).startsWith("kms:")) {
                problems.add(readerName + " has " + s);
            }
        }
        problems.addAll(PolicyAnalysis.wildcardGrants(reader));
        others.forEach((name, docs) -> parameterReaders(Map.of(name, docs), parameterArn)
                .forEach(p -> problems.add(p + ", but only " + readerName + " should")));
        return problems;
    }

    /**
     * Every SSM action that returns a parameter's value (the Service Authorization Reference's reads of
     * {@code parameter}): GetParameter, GetParameters, GetParameterHistory (every past value too) on the
     * parameter's ARN, and GetParametersByPath on a path above it. A policy grants them through any
     * wildcard ({@code ssm:Get*}, {@code ssm:*}, {@code *}) or NotAction, as {@link PolicyAnalysis} reads it.
     */
    public static final List<String> PARAMETER_READ_ACTIONS =
            List.of("ssm:GetParameter", "ssm:GetParameters", "ssm:GetParameterHistory", "ssm:GetParametersByPath");

    /** The reading actions whose resource is the parameter itself. */
    private static final List<String> ON_THE_PARAMETER =
            List.of("ssm:GetParameter", "ssm:GetParameters", "ssm:GetParameterHistory");

    /**
     * SEC-05: which of the {@code principals} (a label such as {@code "role ci"} to all of its
     * policy documents) may read the parameter: any of {@link #PARAMETER_READ_ACTIONS}, on its ARN
     * or (GetParametersByPath) on a path above it, through any wildcard. One line per principal and
     * action; empty means none may.
     */
    public static List<String> parameterReaders(Map<String, List<PolicyDocument>> principals, String parameterArn) {
        List<String> out = new ArrayList<>();
        principals.forEach((who, docs) -> {
            for (String action : ON_THE_PARAMETER) {
                if (PolicyAnalysis.allows(docs, action, parameterArn)) {
                    out.add(who + " may " + action + " on " + parameterArn);
                }
            }
            for (String path : parameterPaths(parameterArn)) {
                if (PolicyAnalysis.allows(docs, "ssm:GetParametersByPath", path)) {
                    out.add(who + " may ssm:GetParametersByPath on " + path + " (above " + parameterArn + ")");
                    break;
                }
            }
        });
        return out;
    }

    /** The ARNs of the paths above a parameter, nearest first, down to the root {@code parameter/}. */
    public static List<String> parameterPaths(String parameterArn) {
        // kept as text: the results are IAM policy resource prefixes (ending in "parameter/" or a
        // path without its name), which the SDK's Arn cannot build; only the ":parameter/" is read

        List<String> out = new ArrayList<>();
        int at = parameterArn.indexOf(":parameter/");
        if (at < 0) {
            return out;
        }
        String prefix = parameterArn.substring(0, at + ":parameter/".length());
        String rest = parameterArn.substring(prefix.length());
        for (int slash = rest.lastIndexOf('/'); slash > 0; slash = rest.lastIndexOf('/', slash - 1)) {
            out.add(prefix + rest.substring(0, slash));
        }
        out.add(prefix);
        return out;
    }
}
