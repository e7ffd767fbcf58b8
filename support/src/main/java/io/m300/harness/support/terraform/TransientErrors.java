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

    /**
     * A create the target refused because the object already exists, though Terraform had not
     * recorded it: on an emulator, the mark of a request applied whose answer was lost (and retried).
     */
    private static final Pattern LOST_CREATE =
            Pattern.compile("InvalidPermission\\.Duplicate|\\w*AlreadyExists\\w*|\\bDuplicate\\w*Exception");

    private TransientErrors() {}

    /** The conflict found in a failed deployment's message, if it is one a fresh attempt may not meet. */
    public static Optional<String> lostCreate(String message) {
        if (PERMANENT.matcher(message).find()) {
            return Optional.empty();
        }
        var m = LOST_CREATE.matcher(message);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

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
