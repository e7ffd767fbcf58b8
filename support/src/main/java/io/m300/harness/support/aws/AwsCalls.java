package io.m300.harness.support.aws;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * How a reader calls AWS: a finding is made only from a specific, documented answer (a value, an
 * empty list, or a not-found error code the reader names); every other answer (AccessDenied,
 * throttling after the SDK's retries, a 5xx, an unknown code, no answer) is {@link CouldNotVerify}.
 * Errors are classified by {@code awsErrorDetails().errorCode()} and the HTTP status, never by
 * their message. Throttling is retried by the SDK's retry strategy ({@code RetryMode.STANDARD},
 * set in {@link AwsClients}) before it gets here.
 */
public final class AwsCalls {

    private AwsCalls() {}

    /** Runs a read whose every error is no evidence. {@code call}: {@code <service>.<Operation>}. */
    public static <T> T read(String call, Supplier<T> read) {
        try {
            return read.get();
        } catch (SdkException e) {
            throw couldNotVerify(call, e);
        }
    }

    /**
     * Runs a read of something that may not exist: the documented not-found answer ({@code notFound})
     * is {@link Optional#empty()}, any other error is {@link CouldNotVerify}. A null result is empty too.
     */
    public static <T> Optional<T> readIfExists(String call, Supplier<T> read, Predicate<AwsServiceException> notFound) {
        try {
            return Optional.ofNullable(read.get());
        } catch (AwsServiceException e) {
            if (notFound.test(e)) {
                return Optional.empty();
            }
            throw couldNotVerify(call, e);
        } catch (SdkException e) {
            throw couldNotVerify(call, e);
        }
    }

    /** The documented not-found answer with one of these error codes. */
    public static Predicate<AwsServiceException> code(String... codes) {
        Set<String> wanted = Set.of(codes);
        return e -> wanted.contains(errorCode(e));
    }

    /** The error code of an answer ({@code AccessDenied}); empty when the answer has none. */
    public static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? ""
                : e.awsErrorDetails().errorCode();
    }

    /** What an error says about a call, as the one line a scenario reports. */
    public static CouldNotVerify couldNotVerify(String call, SdkException e) {
        if (e instanceof AwsServiceException s) {
            String code = errorCode(s);
            boolean denied = s.statusCode() == 403 || code.contains("AccessDenied") || code.contains("Unauthorized");
            String detail = "answered " + (code.isEmpty() ? "no error code" : code) + " (" + s.statusCode() + ")"
                    + (s.isThrottlingException() ? " after the SDK's retries" : "")
                    + (denied
                            ? ": no evidence either way; give the harness's credentials the permission this read needs"
                            : ": no evidence either way; run again, and if it persists, the target cannot answer this read");
            return new CouldNotVerify(call, code, s.statusCode(), detail, e);
        }
        String why = e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getMessage().lines().findFirst().orElse("");
        return new CouldNotVerify(
                call,
                "",
                0,
                "got no answer (" + why + "): no evidence either way; check that the target is reachable",
                e);
    }
}
