package io.m300.harness.support.aws;

/**
 * An answer of AWS that is no evidence at all: a denied, throttled (after the SDK's retries),
 * failed or unknown error, or no answer. It is neither a pass nor a finding: the scenario that
 * meets it reports "could not verify: &lt;service&gt;.&lt;operation&gt; answered &lt;code&gt; (&lt;status&gt;)", the
 * living documentation shows the control as "could not be verified", and in the mutation run the
 * mutant is errored, never killed. Not an {@link AssertionError}, and not a
 * {@link io.m300.harness.support.HarnessException} (which some checks turn into findings). Made
 * only by {@link AwsCalls}. No stack trace: the message says it all.
 */
public final class CouldNotVerify extends RuntimeException {

    public static final String PREFIX = "could not verify: ";

    private final String call;
    private final String errorCode;
    private final int statusCode;

    CouldNotVerify(String call, String errorCode, int statusCode, String detail, Throwable cause) {
        super(PREFIX + call + " " + detail, cause, false, false);
        this.call = call;
        this.errorCode = errorCode;
        this.statusCode = statusCode;
    }

    /** {@code <service>.<operation>}, e.g. {@code s3.GetBucketEncryption}. */
    public String call() {
        return call;
    }

    /** The error code AWS answered ({@code AccessDenied}); empty when there was no answer. */
    public String errorCode() {
        return errorCode;
    }

    /** The HTTP status AWS answered; 0 when there was no answer. */
    public int statusCode() {
        return statusCode;
    }
}
