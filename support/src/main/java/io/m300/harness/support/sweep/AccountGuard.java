package io.m300.harness.support.sweep;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.aws.CouldNotVerify;
import io.m300.harness.support.aws.StsReader;
import io.m300.harness.support.target.AwsTarget;
import java.util.Optional;

/**
 * The account guard of the entry points that are not the harness run: the sweeper (on an
 * emulator; on {@code aws} {@link AwsTarget} checks it) and the fallback destroy, which is a shell
 * script and calls this class before Terraform touches anything:
 *
 * <pre>
 * java -cp ... io.m300.harness.support.sweep.AccountGuard [--region eu-central-1]   (expects HARNESS_AWS_ACCOUNT)
 * </pre>
 *
 * <p>Exit 0 when the default credentials (honouring {@code AWS_ENDPOINT_URL}) belong to
 * {@code HARNESS_AWS_ACCOUNT}; 1 with one line otherwise (only the last four digits are printed);
 * 2 when the variable is missing or not 12 digits.
 */
public final class AccountGuard {

    private AccountGuard() {}

    /** Fails with one line unless the caller of {@code aws} is in {@code expected}. */
    static void check(AwsClients aws, String expected) {
        String actual;
        try {
            actual = new StsReader(aws).account();
        } catch (CouldNotVerify e) {
            // the SDK's error is the cause: its class names what went wrong without printing anything of the account
            throw new HarnessException(
                    "sts:GetCallerIdentity failed (" + e.getCause().getClass().getSimpleName()
                            + "): cannot tell which account the credentials belong to; nothing was touched");
        }
        AwsTarget.checkAccount(expected, actual);
    }

    public static void main(String[] args) {
        String region = args.length == 2 && args[0].equals("--region")
                ? args[1]
                : Optional.ofNullable(System.getenv("AWS_REGION")).orElse("eu-central-1");
        String expected = Optional.ofNullable(System.getenv("HARNESS_AWS_ACCOUNT"))
                .orElse("")
                .trim();
        if (!expected.matches("\\d{12}")) {
            System.err.println(
                    "[account-guard] HARNESS_AWS_ACCOUNT must hold the 12-digit id of the sandbox account; nothing was touched");
            System.exit(2);
        }
        try {
            new AwsTarget(region, Optional.of(expected)).start();
        } catch (HarnessException e) {
            System.err.println("[account-guard] " + e.getMessage());
            System.exit(1);
        }
        System.out.println(
                "[account-guard] the credentials belong to the expected account ..." + expected.substring(8));
    }
}
