package io.m300.harness.support.network;

import io.m300.harness.support.aws.ReachabilityAnalyzer;

/**
 * Whether AWS Reachability Analyzer ({@link ReachabilityAnalyzer}) and the harness's own
 * {@link ReachabilityAnalysis} agree, and the text that shows both verdicts.
 */
public record AnalyzerAgreement(boolean agree, String description) {

    /** Compares AWS's verdict with the harness's own; the description always shows both. */
    public static AnalyzerAgreement compare(Reachability harness, ReachabilityAnalyzer.Verdict aws) {
        boolean agree = harness.reachable() == aws.pathFound();
        String text = (agree ? "AGREE" : "DISAGREE") + " - AWS Reachability Analyzer: "
                + (aws.pathFound() ? "path found" : "no path") + " [" + aws + "]; harness analysis: "
                + (harness.reachable() ? "reachable" : "not reachable") + " [" + harness + "]";
        return new AnalyzerAgreement(agree, text);
    }

    @Override
    public String toString() {
        return description;
    }
}
