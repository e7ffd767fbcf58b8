package io.m300.harness.support.terraform;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which Terraform failures are worth another try: throttling, a dropped connection, an emulator's
 * 5xx on a call it implements, IAM's eventual consistency (a role that exists but is "not yet
 * assumable"). Anything else is permanent and fails at once, with its message.
 */
public final class TransientErrors {

    private static final List<Pattern> TRANSIENT = List.of(
            Pattern.compile(
                    "Throttling|ThrottlingException|Rate exceeded|RequestLimitExceeded|TooManyRequests",
                    Pattern.CASE_INSENSITIVE),
            Pattern.compile(
                    "connection reset by peer|connection refused|i/o timeout|send request failed|unexpected EOF",
                    Pattern.CASE_INSENSITIVE),
            Pattern.compile(
                    "StatusCode: (500|502|503|504)\\b.*(InternalError|ServiceUnavailable|InternalFailure)",
                    Pattern.CASE_INSENSITIVE),
            Pattern.compile(
                    "cannot be assumed by Lambda|role defined for the function cannot be assumed|"
                            + "execution role does not have permissions to call",
                    Pattern.CASE_INSENSITIVE));

    /** Never transient, even when a transient pattern also appears in the output. */
    private static final Pattern PERMANENT = Pattern.compile(
            "Error acquiring the state lock|Invalid provider configuration|Unsupported argument|Reference to undeclared",
            Pattern.CASE_INSENSITIVE);

    private TransientErrors() {}

    /** The transient cause found in Terraform's output, if the failure is one to retry. */
    public static Optional<String> cause(String output) {
        if (PERMANENT.matcher(output).find()) {
            return Optional.empty();
        }
        for (Pattern p : TRANSIENT) {
            var m = p.matcher(output);
            if (m.find()) {
                return Optional.of(m.group());
            }
        }
        return Optional.empty();
    }
}
